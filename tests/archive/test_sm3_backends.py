"""SM3 backends: libgcrypt (through ctypes) and OpenSSL give the standard's digests and agree
with each other on real data fed in odd-sized pieces; the faster one is chosen."""

from __future__ import annotations

import hashlib
import os

import pytest

from workstation.archive import hashing, sm3_gcrypt

# GB/T 32905-2016 appendix A: "abc" and "abcd" × 16
VECTORS = {b"abc": "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
           b"abcd" * 16: "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"}


def _backends():
    found = {}
    gcrypt = sm3_gcrypt.factory()
    if gcrypt is not None:
        found["libgcrypt"] = gcrypt
    try:
        hashlib.new("sm3")
        found["openssl"] = lambda: hashlib.new("sm3")
    except ValueError:
        pass
    return found


def test_libgcrypt_is_found_on_debian():
    # installer/debian-setup.sh installs libgcrypt20; the workstation relies on its speed
    assert sm3_gcrypt.factory() is not None


@pytest.mark.parametrize("name", ["libgcrypt", "openssl"])
def test_standard_vectors(name):
    make = _backends().get(name)
    if make is None:
        pytest.skip(f"{name} has no SM3 here")
    for data, want in VECTORS.items():
        h = make()
        h.update(data)
        assert h.hexdigest() == want


def test_backends_agree_on_streamed_pieces():
    backends = _backends()
    if len(backends) < 2:
        pytest.skip("only one SM3 backend here")
    data = os.urandom(3 * 1024 * 1024 + 17)
    cuts = [0, 1, 63, 64, 65, 4096, 1_000_003, len(data)]
    results = set()
    for make in backends.values():
        h = make()
        for a, b in zip(cuts, cuts[1:]):
            h.update(data[a:b])
        results.add(h.hexdigest())
    whole = next(iter(backends.values()))()
    whole.update(memoryview(data))
    results.add(whole.hexdigest())
    assert len(results) == 1


def test_gcrypt_refuses_update_after_digest():
    make = sm3_gcrypt.factory()
    if make is None:
        pytest.skip("no libgcrypt")
    h = make()
    h.update(b"abc")
    assert h.hexdigest() == h.hexdigest() == VECTORS[b"abc"]
    with pytest.raises(ValueError):
        h.update(b"more")


def test_the_faster_backend_is_chosen():
    assert hashing.sm3_available()
    assert hashing.sm3_backend in _backends()
    calls = []

    def slow():
        class Slow:
            def update(self, data):
                calls.append(len(data))
                import time

                time.sleep(0.02)

            def hexdigest(self):
                return ""
        return Slow()

    fast = next(iter(_backends().values()))
    name, chosen = hashing._faster([("slow", slow), ("fast", fast)])
    assert name == "fast" and chosen is fast and calls


def test_stream_digests_match_the_file(tmp_path):
    data = os.urandom(5 * 1024 * 1024 + 3)
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    s = hashing.StreamDigests()
    for i in range(0, len(data), 700_001):
        s.update(data[i:i + 700_001])
    assert s.finish() == hashing.digest_file(path)
    dropped = hashing.StreamDigests()
    dropped.update(b"x" * 10)
    dropped.abort()  # joins the thread; nothing to report
