"""Encryption at rest (workstation.archive.crypto).

Every test that touches a keyring uses a file-based keyring under tmp_path, never the
user's real keyring.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import struct
import tracemalloc

import pytest

from workstation.archive import crypto
from workstation.archive.crypto import (
    DEFAULT_CHUNK_SIZE,
    HEADER_SIZE,
    MIN_CHUNK_SIZE,
    TAG_SIZE,
    DecryptingReader,
    EncryptingReader,
    KeyringUnavailable,
    MasterKey,
    MasterKeyMissing,
    ciphertext_size,
    create_master_key,
    decrypt_stream,
    decrypt_to_temp,
    decrypted_temp,
    encrypt_stream,
    export_master_key_backup,
    import_master_key_backup,
    is_encrypted_file,
    load_master_key,
    master_key_exists,
    plaintext_digests,
    plaintext_size,
)
from workstation.errors import Cancelled, Conflict, IntegrityError, InvalidInput
from workstation.jobs import Job

ARCHIVE_ID = "archive-测试-0001"
PHRASE = "当事人张某某于二〇二五年三月擅自占用河道堆放建筑垃圾，涉嫌违反《中华人民共和国河道管理条例》".encode()
CJK = re.compile(r"[\u4e00-\u9fff]")


# --------------------------------------------------------------------------- fixtures


def _use_file_keyring(tmp_path, monkeypatch):
    import keyring
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    keyring.core._keyring_backend = None
    keyring.core.init_backend()
    backend = keyring.get_keyring()
    assert type(backend).__name__ == "PlaintextKeyring"
    assert str(backend.file_path).startswith(str(tmp_path)), backend.file_path
    return backend


@pytest.fixture
def file_keyring(tmp_path, monkeypatch):
    """A PlaintextKeyring whose file lives in tmp_path; the previous backend is restored."""
    import keyring.core

    saved = keyring.core._keyring_backend
    try:
        yield _use_file_keyring(tmp_path, monkeypatch)
    finally:
        keyring.core._keyring_backend = saved


@pytest.fixture
def master(file_keyring) -> MasterKey:
    key_id = create_master_key(ARCHIVE_ID)
    mk = load_master_key(ARCHIVE_ID)
    assert mk.key_id == key_id
    return mk


@pytest.fixture
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(crypto, "BACKUP_SCRYPT_N", 2**14)


def _plaintext(size: int) -> bytes:
    """Distinctive, compressible-looking content: Chinese phrase + counters + random."""
    out = bytearray()
    i = 0
    while len(out) < size:
        out += PHRASE + f" 第{i:07d}行 ".encode() + os.urandom(16)
        i += 1
    return bytes(out[:size])


def _encrypt(data: bytes, master: MasterKey, **kw) -> bytes:
    dst = io.BytesIO()
    info = encrypt_stream(io.BytesIO(data), dst, master, **kw)
    blob = dst.getvalue()
    assert info.plaintext_size == len(data)
    assert info.ciphertext_size == len(blob)
    assert info.key_id == master.key_id
    return blob


def _decrypt(blob: bytes, master: MasterKey) -> bytes:
    dst = io.BytesIO()
    n = decrypt_stream(io.BytesIO(blob), dst, master)
    assert n == len(dst.getvalue())
    return dst.getvalue()


def _chunks(blob: bytes, chunk_size: int) -> list[bytes]:
    body = blob[HEADER_SIZE:]
    block = chunk_size + TAG_SIZE
    return [body[i : i + block] for i in range(0, len(body), block)]


def _assert_integrity_error(blob: bytes, master: MasterKey, key: str | tuple[str, ...] = "decrypt_failed"):
    with pytest.raises(IntegrityError) as exc:
        _decrypt(blob, master)
    keys = (key,) if isinstance(key, str) else key
    assert exc.value.key in keys, exc.value.key
    assert CJK.search(str(exc.value)), str(exc.value)
    return exc.value


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    "size",
    [0, 1, 100, MIN_CHUNK_SIZE, DEFAULT_CHUNK_SIZE - 1, DEFAULT_CHUNK_SIZE, DEFAULT_CHUNK_SIZE + 1,
     2 * DEFAULT_CHUNK_SIZE, 5 * 1024 * 1024 + 7],
)
def test_round_trip(master, size):
    data = _plaintext(size)
    blob = _encrypt(data, master)
    assert blob.startswith(crypto.MAGIC)
    assert len(blob) == ciphertext_size(size)
    assert _decrypt(blob, master) == data


@pytest.mark.parametrize("chunk_size", [MIN_CHUNK_SIZE, 4096, 3 * 1024 * 1024])
@pytest.mark.parametrize("factor", [0, 1, 2, 3.5])
def test_round_trip_other_chunk_sizes(master, chunk_size, factor):
    data = _plaintext(int(chunk_size * factor))
    blob = _encrypt(data, master, chunk_size=chunk_size)
    assert len(blob) == ciphertext_size(len(data), chunk_size)
    assert _decrypt(blob, master) == data


def test_empty_plaintext_is_one_final_chunk(master):
    blob = _encrypt(b"", master)
    assert len(blob) == HEADER_SIZE + TAG_SIZE
    assert _decrypt(blob, master) == b""
    _assert_integrity_error(blob[:HEADER_SIZE], master)  # the chunk removed


def test_same_plaintext_encrypts_differently(master):
    data = _plaintext(5000)
    a, b = _encrypt(data, master), _encrypt(data, master)
    assert a != b
    assert a[HEADER_SIZE:] != b[HEADER_SIZE:]


def test_unsupported_chunk_size_rejected(master):
    with pytest.raises(InvalidInput):
        _encrypt(b"x", master, chunk_size=100)


def test_chunked_source_with_short_reads(master):
    """A source that returns at most 1000 bytes per read still gives full chunks."""

    class Trickle(io.RawIOBase):
        def __init__(self, data):
            self._src = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            chunk = self._src.read(min(len(b), 1000))
            b[: len(chunk)] = chunk
            return len(chunk)

    data = _plaintext(3 * MIN_CHUNK_SIZE + 5)
    dst = io.BytesIO()
    encrypt_stream(Trickle(data), dst, master, chunk_size=MIN_CHUNK_SIZE)
    blob = dst.getvalue()
    assert len(blob) == ciphertext_size(len(data), MIN_CHUNK_SIZE)
    out = io.BytesIO()
    decrypt_stream(Trickle(blob), out, master)
    assert out.getvalue() == data


# --------------------------------------------------------------------------- confidentiality


def test_ciphertext_contains_no_plaintext(master):
    data = _plaintext(64 * 1024 + 3)
    blob = _encrypt(data, master)
    assert PHRASE not in blob
    assert "张某某".encode() not in blob
    windows = {data[i : i + 32] for i in range(len(data) - 31)}
    assert not any(blob[i : i + 32] in windows for i in range(len(blob) - 31))


def test_large_ciphertext_contains_no_plaintext(master):
    data = _plaintext(5 * 1024 * 1024 + 7)
    blob = _encrypt(data, master)
    assert PHRASE not in blob
    # Every 32-byte-aligned window of the plaintext: any copied run of >= 63 bytes would hit.
    aligned = {data[i : i + 32] for i in range(0, len(data) - 31, 32)}
    assert not any(blob[i : i + 32] in aligned for i in range(len(blob) - 31))


def test_encrypted_file_on_disk(master, tmp_path):
    src = tmp_path / "询问笔录.txt"
    src.write_bytes(_plaintext(200_000))
    enc = tmp_path / "object.bin"
    with open(src, "rb") as s, open(enc, "wb") as d:
        info = encrypt_stream(s, d, master)
    assert info.ciphertext_size == enc.stat().st_size
    assert PHRASE not in enc.read_bytes()
    assert is_encrypted_file(enc)
    assert not is_encrypted_file(src)
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert not is_encrypted_file(empty)
    assert plaintext_size(enc) == 200_000


def test_master_key_repr_hides_key(master):
    text = repr(master) + str(master)
    assert master._key.hex() not in text
    assert master.key_id in text


# --------------------------------------------------------------------------- tampering


def test_every_single_byte_flip_is_detected(master):
    data = _plaintext(2 * MIN_CHUNK_SIZE + 100)
    blob = _encrypt(data, master, chunk_size=MIN_CHUNK_SIZE)
    # Every header byte, then a sample of body bytes including all tags.
    positions = list(range(HEADER_SIZE)) + list(range(HEADER_SIZE, len(blob), 7)) + list(range(len(blob) - TAG_SIZE, len(blob)))
    for pos in positions:
        bad = bytearray(blob)
        bad[pos] ^= 0x01
        with pytest.raises(IntegrityError) as exc:
            _decrypt(bytes(bad), master)
        assert exc.value.key in ("decrypt_failed", "not_encrypted", "wrong_master_key", "decrypt_unsupported"), (pos, exc.value.key)


def test_flipped_byte_in_chunk(master):
    blob = bytearray(_encrypt(_plaintext(3 * MIN_CHUNK_SIZE), master, chunk_size=MIN_CHUNK_SIZE))
    blob[HEADER_SIZE + MIN_CHUNK_SIZE + TAG_SIZE + 10] ^= 0x80  # inside the second chunk
    err = _assert_integrity_error(bytes(blob), master)
    assert err.data["chunk"] == 1


@pytest.mark.parametrize(
    "cut",
    [
        lambda n, c: HEADER_SIZE,  # header only
        lambda n, c: HEADER_SIZE + c + TAG_SIZE,  # at a chunk boundary
        lambda n, c: HEADER_SIZE + 2 * (c + TAG_SIZE),  # at the last boundary before the final chunk
        lambda n, c: n - 1,  # one byte of the final tag missing
        lambda n, c: n - TAG_SIZE - 3,  # inside the final chunk
        lambda n, c: HEADER_SIZE + 5,  # inside the first chunk (< one tag)
        lambda n, c: 20,  # inside the header
        lambda n, c: 3,  # inside the magic
        lambda n, c: 0,
    ],
)
def test_truncation_detected(master, cut):
    c = MIN_CHUNK_SIZE
    blob = _encrypt(_plaintext(3 * c + 50), master, chunk_size=c)
    _assert_integrity_error(blob[: cut(len(blob), c)], master, ("decrypt_failed", "not_encrypted"))


def test_truncation_of_exact_multiple_detected(master):
    """Plaintext of exactly 3 chunks: dropping the (full-size) final chunk is detected."""
    c = MIN_CHUNK_SIZE
    blob = _encrypt(_plaintext(3 * c), master, chunk_size=c)
    assert len(blob) == HEADER_SIZE + 3 * (c + TAG_SIZE)
    _assert_integrity_error(blob[: HEADER_SIZE + 2 * (c + TAG_SIZE)], master)


def test_reordered_dropped_and_duplicated_chunks(master):
    c = MIN_CHUNK_SIZE
    blob = _encrypt(_plaintext(4 * c + 9), master, chunk_size=c)
    head = blob[:HEADER_SIZE]
    ch = _chunks(blob, c)
    assert len(ch) == 5
    _assert_integrity_error(head + ch[0] + ch[2] + ch[1] + ch[3] + ch[4], master)  # swapped
    _assert_integrity_error(head + ch[0] + ch[1] + ch[3] + ch[4], master)  # dropped
    _assert_integrity_error(head + ch[0] + ch[1] + ch[1] + ch[2] + ch[3] + ch[4], master)  # duplicated
    _assert_integrity_error(head + ch[1] + ch[0] + ch[2] + ch[3] + ch[4], master)  # first two swapped
    assert _decrypt(head + b"".join(ch), master) == _decrypt(blob, master)


def test_chunks_from_another_file_rejected(master):
    c = MIN_CHUNK_SIZE
    a = _encrypt(_plaintext(2 * c + 1), master, chunk_size=c)
    b = _encrypt(_plaintext(2 * c + 1), master, chunk_size=c)
    ca, cb = _chunks(a, c), _chunks(b, c)
    _assert_integrity_error(a[:HEADER_SIZE] + ca[0] + cb[1] + ca[2], master)
    _assert_integrity_error(b[:HEADER_SIZE] + ca[0] + ca[1] + ca[2], master)  # other header


@pytest.mark.parametrize("extra", [b"\x00", b"x" * 15, b"x" * TAG_SIZE, os.urandom(MIN_CHUNK_SIZE + TAG_SIZE)])
@pytest.mark.parametrize("size_factor", [2.5, 3])
def test_appended_garbage_detected(master, extra, size_factor):
    c = MIN_CHUNK_SIZE
    blob = _encrypt(_plaintext(int(size_factor * c)), master, chunk_size=c)
    _assert_integrity_error(blob + extra, master)


def test_appended_copy_of_final_chunk_detected(master):
    c = MIN_CHUNK_SIZE
    blob = _encrypt(_plaintext(2 * c), master, chunk_size=c)
    _assert_integrity_error(blob + _chunks(blob, c)[-1], master)


def test_not_encrypted_input(master):
    _assert_integrity_error(PHRASE * 10, master, "not_encrypted")
    _assert_integrity_error(b"", master, "not_encrypted")


def test_unknown_algorithm_reports_unsupported(master, tmp_path):
    blob = bytearray(_encrypt(b"abc", master))
    blob[len(crypto.MAGIC) + 2 + 1] = crypto.ALG_SM4_GCM
    err = _assert_integrity_error(bytes(blob), master, "decrypt_unsupported")
    assert "SM4" in str(err)
    path = tmp_path / "sm4.bin"
    path.write_bytes(bytes(blob))
    assert is_encrypted_file(path)  # our format, just an algorithm this build lacks


def test_decrypt_to_temp_leaves_nothing_on_tampering(master, tmp_path):
    c = MIN_CHUNK_SIZE
    blob = bytearray(_encrypt(_plaintext(5 * c), master, chunk_size=c))
    blob[-5] ^= 1
    enc = tmp_path / "bad.bin"
    enc.write_bytes(bytes(blob))
    tmp_dir = tmp_path / "plain"
    with pytest.raises(IntegrityError):
        decrypt_to_temp(enc, master, tmp_dir)
    assert list(tmp_dir.iterdir()) == []


# --------------------------------------------------------------------------- keys


def test_wrong_master_key(master):
    blob = _encrypt(_plaintext(3000), master)
    other = MasterKey.generate()
    err = _assert_integrity_error(blob, other, "wrong_master_key")
    assert master.key_id in str(err)


def test_forged_key_id_with_other_master_key(master):
    """A file wrapped with another key but carrying our key id fails at unwrap."""
    other = MasterKey.generate()
    blob = bytearray(_encrypt(_plaintext(3000), other))
    off = len(crypto.MAGIC) + 2 + 8
    blob[off : off + 8] = bytes.fromhex(master.key_id)
    _assert_integrity_error(bytes(blob), master, "decrypt_failed")


def test_second_archive_key_cannot_decrypt(file_keyring, master):
    create_master_key("archive-other")
    other = load_master_key("archive-other")
    assert other.key_id != master.key_id
    _assert_integrity_error(_encrypt(b"secret", master), other, "wrong_master_key")


def test_create_refuses_to_overwrite(master):
    with pytest.raises(Conflict) as exc:
        create_master_key(ARCHIVE_ID)
    assert exc.value.key == "master_key_exists"
    assert load_master_key(ARCHIVE_ID)._key == master._key


def test_keyring_entry_deleted_gives_clear_error(master, tmp_path):
    import keyring

    enc = tmp_path / "obj.bin"
    enc.write_bytes(_encrypt(PHRASE * 3, master))
    keyring.delete_password(crypto.KEYRING_SERVICE, ARCHIVE_ID)
    assert not master_key_exists(ARCHIVE_ID)
    with pytest.raises(MasterKeyMissing) as exc:
        load_master_key(ARCHIVE_ID)
    err = exc.value
    assert isinstance(err, IntegrityError)
    assert err.key == "master_key_missing"
    assert ARCHIVE_ID in str(err)
    assert "主密钥" in str(err) and "备份" in str(err) and "无法读取" in str(err)
    assert err.to_json()["error"] == "master_key_missing"


def test_corrupt_keyring_entry(file_keyring):
    import keyring

    keyring.set_password(crypto.KEYRING_SERVICE, ARCHIVE_ID, "wsmk1:not-base64!")
    with pytest.raises(IntegrityError) as exc:
        load_master_key(ARCHIVE_ID)
    assert exc.value.key == "master_key_corrupt"


def test_key_stored_in_the_file_keyring_only(master, file_keyring, tmp_path):
    import keyring

    entry = keyring.get_password(crypto.KEYRING_SERVICE, ARCHIVE_ID)
    assert entry and entry.startswith("wsmk1:")
    assert os.path.exists(file_keyring.file_path)
    assert str(file_keyring.file_path).startswith(str(tmp_path))


def test_insecure_backend_refused_unless_chosen(file_keyring, monkeypatch):
    # The same plaintext backend, but not explicitly chosen by the operator.
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND")
    monkeypatch.delenv("WORKSTATION_ALLOW_INSECURE_KEYRING", raising=False)
    with pytest.raises(KeyringUnavailable) as exc:
        create_master_key("archive-x")
    assert exc.value.key == "keyring_insecure"
    assert not master_key_exists("archive-x")
    assert create_master_key("archive-x", allow_insecure_keyring=True)
    monkeypatch.setenv("WORKSTATION_ALLOW_INSECURE_KEYRING", "1")
    assert create_master_key("archive-y")
    name, secure = crypto.keyring_backend_info()
    assert name == "keyrings.alt.file.PlaintextKeyring" and secure is False


def test_no_keyring_backend(file_keyring):
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable):
        create_master_key("archive-z")
    with pytest.raises(KeyringUnavailable):
        load_master_key("archive-z")


@pytest.mark.parametrize("bad", ["", "   ", "a\nb", 5, None])
def test_archive_id_validated(file_keyring, bad):
    with pytest.raises(InvalidInput):
        create_master_key(bad)


# --------------------------------------------------------------------------- backup


def test_backup_and_restore(master, tmp_path):
    import keyring

    enc = tmp_path / "obj.bin"
    enc.write_bytes(_encrypt(PHRASE * 100, master))
    passphrase = "正确的备份口令 horse-9!"
    blob = export_master_key_backup(ARCHIVE_ID, passphrase)  # default (full) scrypt cost
    doc = json.loads(blob)
    assert doc["kdf"]["n"] == crypto.BACKUP_SCRYPT_N and doc["key_id"] == master.key_id
    assert master._key.hex() not in blob.decode() and "wsmk1" not in blob.decode()

    keyring.delete_password(crypto.KEYRING_SERVICE, ARCHIVE_ID)
    with pytest.raises(MasterKeyMissing):
        load_master_key(ARCHIVE_ID)

    with pytest.raises(IntegrityError) as exc:
        import_master_key_backup(ARCHIVE_ID, blob, "错误的备份口令 horse-8!")
    assert exc.value.key == "backup_passphrase_wrong"
    assert "口令错误" in str(exc.value)
    assert not master_key_exists(ARCHIVE_ID)

    assert import_master_key_backup(ARCHIVE_ID, blob, passphrase) == master.key_id
    restored = load_master_key(ARCHIVE_ID)
    assert restored.key_id == master.key_id
    with open(enc, "rb") as f:
        out = io.BytesIO()
        decrypt_stream(f, out, restored)
    assert out.getvalue() == PHRASE * 100


def test_backup_import_is_idempotent_and_never_overwrites(master, fast_scrypt):
    import keyring

    blob = export_master_key_backup(ARCHIVE_ID, "口令口令口令口令口令口令")
    assert import_master_key_backup(ARCHIVE_ID, blob, "口令口令口令口令口令口令") == master.key_id  # same key: no-op
    keyring.delete_password(crypto.KEYRING_SERVICE, ARCHIVE_ID)
    create_master_key(ARCHIVE_ID)  # somebody generated a new key meanwhile
    with pytest.raises(Conflict) as exc:
        import_master_key_backup(ARCHIVE_ID, blob, "口令口令口令口令口令口令")
    assert exc.value.key == "master_key_exists"
    assert load_master_key(ARCHIVE_ID).key_id != master.key_id


def test_backup_of_other_archive_rejected(master, fast_scrypt):
    blob = export_master_key_backup(ARCHIVE_ID, "a long enough passphrase")
    with pytest.raises(InvalidInput) as exc:
        import_master_key_backup("archive-other", blob, "a long enough passphrase")
    assert exc.value.key == "backup_archive_mismatch"


def test_weak_backup_passphrase_refused(master):
    with pytest.raises(InvalidInput) as exc:
        export_master_key_backup(ARCHIVE_ID, "short")
    assert exc.value.key == "weak_backup_passphrase"


def test_backup_without_key_raises_missing(file_keyring):
    with pytest.raises(MasterKeyMissing):
        export_master_key_backup(ARCHIVE_ID, "a long enough passphrase")


def test_tampered_backup_rejected(master, fast_scrypt):
    import keyring

    blob = export_master_key_backup(ARCHIVE_ID, "a long enough passphrase")
    keyring.delete_password(crypto.KEYRING_SERVICE, ARCHIVE_ID)
    doc = json.loads(blob)
    forged = dict(doc, key_id="0" * 16)
    with pytest.raises(IntegrityError):
        import_master_key_backup(ARCHIVE_ID, json.dumps(forged).encode(), "a long enough passphrase")
    expensive = json.loads(blob)
    expensive["kdf"]["n"] = 2**30
    with pytest.raises(InvalidInput):
        import_master_key_backup(ARCHIVE_ID, json.dumps(expensive).encode(), "a long enough passphrase")
    for junk in (b"", b"not json", b"{}", b"[1]", "{\"format\": \"x\"}".encode()):
        with pytest.raises(InvalidInput):
            import_master_key_backup(ARCHIVE_ID, junk, "a long enough passphrase")
    assert not master_key_exists(ARCHIVE_ID)


# --------------------------------------------------------------------------- files & streams


def test_decrypt_to_temp(master, tmp_path):
    data = _plaintext(DEFAULT_CHUNK_SIZE * 2 + 11)
    enc = tmp_path / "obj.bin"
    enc.write_bytes(_encrypt(data, master))
    out = decrypt_to_temp(enc, master, tmp_path / "view", suffix=".pdf")
    try:
        assert out.parent == tmp_path / "view"
        assert out.suffix == ".pdf"
        assert out.read_bytes() == data
        if os.name == "posix":
            assert stat.S_IMODE(out.stat().st_mode) == 0o600
    finally:
        out.unlink()
    with decrypted_temp(enc, master, tmp_path / "view") as p:
        assert p.read_bytes() == data
    assert not p.exists()
    with pytest.raises(InvalidInput):
        decrypt_to_temp(enc, master, tmp_path / "view", suffix="/../../x")


def test_decrypting_reader(master):
    data = _plaintext(3 * MIN_CHUNK_SIZE + 17)
    blob = _encrypt(data, master, chunk_size=MIN_CHUNK_SIZE)
    r = DecryptingReader(io.BytesIO(blob), master)
    parts = []
    while True:
        piece = r.read(333)
        if not piece:
            break
        parts.append(piece)
    assert b"".join(parts) == data
    bad = bytearray(blob)
    bad[-1] ^= 1
    r = DecryptingReader(io.BytesIO(bytes(bad)), master)
    with pytest.raises(IntegrityError):
        r.read()
    with pytest.raises(IntegrityError):  # the error sticks
        r.read(10)


def test_encrypting_reader_with_plaintext_digests(master):
    from workstation.archive.hashing import digest_bytes

    data = _plaintext(2 * DEFAULT_CHUNK_SIZE + 3)
    r = EncryptingReader(io.BytesIO(data), master)
    with pytest.raises(Exception):
        r.plaintext_digests  # noqa: B018 - not finished yet
    blob = r.read()
    assert len(blob) == ciphertext_size(len(data))
    assert _decrypt(blob, master) == data
    d = r.plaintext_digests
    expected = digest_bytes(data)
    assert (d.sha256, d.sm3, d.size) == (expected.sha256, expected.sm3, len(data))


def test_plaintext_digests_of_encrypted_file(master, tmp_path):
    from workstation.archive.hashing import digest_bytes

    data = _plaintext(3 * 1024 * 1024 + 1)
    enc = tmp_path / "obj.bin"
    enc.write_bytes(_encrypt(data, master))
    d = plaintext_digests(enc, master)
    assert d.sha256 == hashlib.sha256(data).hexdigest()
    assert d.sm3 == digest_bytes(data).sm3
    assert d.size == len(data)


def test_store_ingests_ciphertext_directly(master, tmp_path):
    """The integration path: the store addresses the ciphertext; plaintext digests come
    from the reader; fixity of both works."""
    from workstation.archive.store import LocalEvidenceStore

    store = LocalEvidenceStore(tmp_path / "store")
    data = _plaintext(DEFAULT_CHUNK_SIZE + 99)
    reader = EncryptingReader(io.BytesIO(data), master)
    stored = store.put_stream(reader, total=ciphertext_size(len(data)))
    path = store.path_of(stored.sha256)
    assert PHRASE not in path.read_bytes()
    assert stored.digests.size == ciphertext_size(len(data))
    assert reader.plaintext_digests.sha256 == hashlib.sha256(data).hexdigest()
    assert store.rehash(stored.sha256) == stored.digests  # stored-bytes fixity, no key needed
    assert plaintext_digests(path, master) == reader.plaintext_digests  # plaintext fixity


def test_progress_and_cancel(master):
    data = _plaintext(3 * MIN_CHUNK_SIZE)
    seen = []
    job = Job(on_progress=lambda d, t, k: seen.append((d, t, k)))
    blob = io.BytesIO()
    encrypt_stream(io.BytesIO(data), blob, master, job, chunk_size=MIN_CHUNK_SIZE)
    assert seen[0][0] == 0 and seen[-1][0] == len(data) and seen[-1][2] == "encrypting"
    seen.clear()
    decrypt_stream(io.BytesIO(blob.getvalue()), io.BytesIO(), master, job)
    assert seen[-1][2] == "decrypting" and seen[-1][0] == len(blob.getvalue())

    job = Job()
    job.cancel()
    with pytest.raises(Cancelled):
        encrypt_stream(io.BytesIO(data), io.BytesIO(), master, job)


class _PatternSource(io.RawIOBase):
    """``size`` bytes of a repeating pattern, generated on demand (nothing held in memory)."""

    def __init__(self, size: int):
        self.left = size
        self.pos = 0
        self.pattern = PHRASE * 500

    def readable(self):
        return True

    def readinto(self, b):
        start = self.pos % len(PHRASE)  # content depends on the position only
        n = min(len(b), self.left, len(self.pattern) - start)
        b[:n] = self.pattern[start : start + n]
        self.left -= n
        self.pos += n
        return n


class _CountingSink(io.RawIOBase):
    def __init__(self):
        self.n = 0
        self.h = hashlib.sha256()

    def writable(self):
        return True

    def write(self, b):
        self.n += len(b)
        self.h.update(b)
        return len(b)


def test_streaming_memory_is_bounded(master, tmp_path):
    size = 48 * 1024 * 1024 + 5
    enc = tmp_path / "big.bin"
    tracemalloc.start()
    try:
        with open(enc, "wb", buffering=0) as dst:
            info = encrypt_stream(_PatternSource(size), dst, master)
        _, enc_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sink = _CountingSink()
        with open(enc, "rb", buffering=0) as src:
            assert decrypt_stream(src, sink, master) == size
        _, dec_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert info.plaintext_size == size == sink.n
    assert enc.stat().st_size == ciphertext_size(size)
    # A handful of 1 MiB chunks, never the 48 MiB file.
    assert enc_peak < 8 * DEFAULT_CHUNK_SIZE, enc_peak
    assert dec_peak < 8 * DEFAULT_CHUNK_SIZE, dec_peak
    expected = hashlib.sha256()
    src = _PatternSource(size)
    while chunk := src.read(1 << 20):
        expected.update(chunk)
    assert sink.h.hexdigest() == expected.hexdigest()


def test_header_layout_is_stable(master):
    """The on-disk format is a contract: pin the header fields."""
    blob = _encrypt(b"x", master)
    assert blob[:7] == b"WSENC1\n"
    (body_len,) = struct.unpack(">H", blob[7:9])
    assert 9 + body_len == HEADER_SIZE
    version, alg, wrap, flags, chunk, key_id = struct.unpack(">BBBBI8s", blob[9:25])
    assert (version, alg, wrap, flags, chunk) == (1, 1, 1, 0, DEFAULT_CHUNK_SIZE)
    assert key_id.hex() == master.key_id
