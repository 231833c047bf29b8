"""SM3 from libgcrypt (GnuPG's crypto library, on every Debian system), through ctypes.

Why: SM3 is the slow half of every digest we take. OpenSSL 3.0 has only a portable C
SM3 on x86-64 (about 270 MB/s here); libgcrypt ≥ 1.10 has an AVX/BMI2 one (about
410 MB/s). ctypes releases the GIL during each call, so the digest threads keep their
core. Which backend is faster on a machine is measured once (``hashing._resolve_sm3``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import weakref

GCRY_MD_SM3 = 326  # enum gcry_md_algos
#: SM3 arrived in 1.9; 1.10 brought the assembly implementations.
MIN_VERSION = b"1.9.0"
#: GB/T 32905-2016, appendix A.1.
ABC_DIGEST = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def _load():
    name = ctypes.util.find_library("gcrypt") or "libgcrypt.so.20"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        return None
    lib.gcry_check_version.restype = ctypes.c_char_p
    lib.gcry_check_version.argtypes = [ctypes.c_char_p]
    if lib.gcry_check_version(MIN_VERSION) is None:
        return None
    lib.gcry_md_open.restype = ctypes.c_uint
    lib.gcry_md_open.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_uint]
    lib.gcry_md_write.restype = None
    lib.gcry_md_write.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
    lib.gcry_md_read.restype = ctypes.POINTER(ctypes.c_ubyte)
    lib.gcry_md_read.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.gcry_md_close.restype = None
    lib.gcry_md_close.argtypes = [ctypes.c_void_p]
    return lib


class GcryptSm3:
    """``hashlib``-style SM3 (``update`` / ``hexdigest``) over one libgcrypt handle."""

    def __init__(self, lib) -> None:
        handle = ctypes.c_void_p()
        err = lib.gcry_md_open(ctypes.byref(handle), GCRY_MD_SM3, 0)
        if err or not handle.value:
            raise OSError(f"libgcrypt refused SM3 (error {err})")
        self._lib = lib
        self._h = handle
        self._digest: str | None = None
        weakref.finalize(self, lib.gcry_md_close, handle)

    def update(self, data, /) -> None:
        if self._digest is not None:
            raise ValueError("update() after hexdigest()")
        if not isinstance(data, bytes):
            data = bytes(data)
        if data:
            self._lib.gcry_md_write(self._h, data, len(data))

    def hexdigest(self) -> str:
        if self._digest is None:
            self._digest = bytes(self._lib.gcry_md_read(self._h, GCRY_MD_SM3)[:32]).hex()
        return self._digest


def factory():
    """A constructor of GcryptSm3, or None if libgcrypt (with a correct SM3) is not here."""
    lib = _load()
    if lib is None:
        return None
    try:
        probe = GcryptSm3(lib)
        probe.update(b"abc")
        if probe.hexdigest() != ABC_DIGEST:
            return None
    except OSError:  # e.g. FIPS mode, where SM3 is not allowed
        return None
    return lambda: GcryptSm3(lib)
