"""Encryption at rest for evidence classified 秘密 and above.

File format (version 1), all integers big-endian::

    magic        7 bytes   b"WSENC1\\n"
    header_len   2 bytes   length of the header body that follows
    body:
      version      1 byte    1
      algorithm    1 byte    1 = AES-256-GCM (2 = SM4-GCM is reserved, not implemented)
      key_wrap     1 byte    1 = AES key wrap (RFC 3394) with the 256-bit master key
      flags        1 byte    0
      chunk_size   4 bytes   plaintext bytes per chunk (every chunk but the last is full)
      key_id       8 bytes   id of the master key that wrapped the file key
      nonce_prefix 8 bytes   random per file
      wrapped_len  2 bytes   length of the wrapped file key (40)
      wrapped_key  40 bytes  the per-file random 256-bit key, wrapped by the master key
    chunks:      chunk_size + 16 bytes each (the last one may be shorter, at least 16)

Each chunk is sealed with AES-256-GCM under the file key, with nonce
``nonce_prefix || uint32(index)`` and associated data
``full header bytes || uint64(index) || uint8(is_final)``.  So any change to the header,
a flipped bit, reordered, dropped or duplicated chunks, truncation (the last remaining
chunk was not sealed as final) and appended bytes (the real final chunk is then not the
last one) all fail authentication.  An empty plaintext is one final chunk of 16 bytes.

Streaming: at most three chunks (1 MiB by default) are alive at once, whatever the size
of the file, so multi-gigabyte video never sits in memory.  Every chunk is authenticated
before its plaintext is released; when decryption fails part way, what was already
written is genuine but incomplete, and the caller must discard it
(:func:`decrypt_to_temp` does so).

SM4: the ``cryptography`` package offers SM4 only as a block cipher (ECB/CBC/CTR/CFB/OFB
and, depending on the OpenSSL build, GCM *mode* through ``Cipher``), not as an AEAD
primitive like ``AESGCM``.  The algorithm byte in the header keeps room for SM4-GCM;
today only AES-256-GCM is written and read.

The master key (256 bits) lives in the operating system's keyring (``keyring``), service
:data:`KEYRING_SERVICE`, account = the archive id.  Backends that would keep it in plain
text next to the data (``keyrings.alt`` file keyrings, the null/fail backends) are refused
when a key is stored, unless explicitly allowed (tests, or an operator who chose them).
Lose the keyring entry and every encrypted item becomes unreadable: export a
passphrase-protected backup (:func:`export_master_key_backup`) right after creating it.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import secrets
import struct
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from workstation.errors import ConfigError, Conflict, IntegrityError, InvalidInput, StoreError

if TYPE_CHECKING:  # pragma: no cover
    from workstation.archive.hashing import Digests
    from workstation.jobs import Job

__all__ = [
    "ALG_AES_256_GCM",
    "ALG_SM4_GCM",
    "DEFAULT_CHUNK_SIZE",
    "KEYRING_SERVICE",
    "MAGIC",
    "DecryptingReader",
    "EncryptInfo",
    "EncryptingReader",
    "KeyringUnavailable",
    "MasterKey",
    "MasterKeyMissing",
    "ciphertext_size",
    "create_master_key",
    "decrypt_stream",
    "decrypt_to_temp",
    "decrypted_temp",
    "encrypt_stream",
    "export_master_key_backup",
    "import_master_key_backup",
    "is_encrypted_file",
    "keyring_backend_info",
    "load_master_key",
    "master_key_exists",
    "plaintext_digests",
    "plaintext_size",
]

# --------------------------------------------------------------------------- constants

MAGIC = b"WSENC1\n"
FORMAT_VERSION = 1
ALG_AES_256_GCM = 1
ALG_SM4_GCM = 2  # reserved: not implemented (see module doc)
WRAP_AES_KW = 1

DEFAULT_CHUNK_SIZE = 1024 * 1024
MIN_CHUNK_SIZE = 1024
MAX_CHUNK_SIZE = 64 * 1024 * 1024

TAG_SIZE = 16
KEY_SIZE = 32
_NONCE_PREFIX_SIZE = 8
_KEY_ID_SIZE = 8
_WRAPPED_KEY_SIZE = KEY_SIZE + 8
_MAX_CHUNKS = 2**32  # the chunk counter is 32 bits of the 96-bit nonce

_BODY_FIXED = struct.Struct(">BBBBI8s8sH")
_HEADER_LEN = struct.Struct(">H")
_CHUNK_AD = struct.Struct(">QB")
_MAX_HEADER_BODY = 1024
#: Total header length of the files this module writes.
HEADER_SIZE = len(MAGIC) + _HEADER_LEN.size + _BODY_FIXED.size + _WRAPPED_KEY_SIZE

KEYRING_SERVICE = "workstation-master-key"
_ENTRY_PREFIX = "wsmk1:"
_KEY_ID_DOMAIN = b"workstation master key id v1\x00"

BACKUP_FORMAT = "workstation-master-key-backup"
BACKUP_VERSION = 1
#: scrypt cost for new backups (128 MiB of memory, about a second).  Stored in the backup.
BACKUP_SCRYPT_N = 2**17
BACKUP_SCRYPT_R = 8
BACKUP_SCRYPT_P = 1
MIN_BACKUP_PASSPHRASE = 12

_ALG_NAMES = {ALG_AES_256_GCM: "AES-256-GCM", ALG_SM4_GCM: "SM4-GCM"}
_ALLOW_INSECURE_ENV = "WORKSTATION_ALLOW_INSECURE_KEYRING"


# --------------------------------------------------------------------------- errors


class MasterKeyMissing(IntegrityError):
    """The keyring has no master key for this archive: encrypted items cannot be read."""

    key = "master_key_missing"
    template = (
        "系统密钥环中找不到档案库“{archive_id}”的主密钥（服务名 workstation-master-key），"
        "秘密级及以上的加密证据无法读取。请由安全保密管理员使用主密钥备份文件和备份口令恢复主密钥后重试；"
        "在恢复之前，请勿重新生成主密钥，否则已加密的证据将永久无法解密。"
    )


class KeyringUnavailable(ConfigError):
    """The keyring cannot be used (no backend, locked, refused, or not safe enough)."""

    key = "keyring_unavailable"
    template = "无法使用系统密钥环：{reason}"


# --------------------------------------------------------------------------- keys


def _key_id(raw: bytes) -> str:
    # Domain-separated, so the id is not simply a hash of the key.
    return hashlib.sha256(_KEY_ID_DOMAIN + raw).hexdigest()[: 2 * _KEY_ID_SIZE]


@dataclass(frozen=True, eq=False)
class MasterKey:
    """A 256-bit master key.  ``repr`` never shows the key bytes."""

    key_id: str
    _key: bytes = field(repr=False)
    archive_id: str = ""

    @classmethod
    def from_bytes(cls, raw: bytes, archive_id: str = "") -> "MasterKey":
        if not isinstance(raw, (bytes, bytearray)) or len(raw) != KEY_SIZE:
            raise InvalidInput(key="bad_master_key", reason="主密钥必须是 32 字节（256 位）")
        raw = bytes(raw)
        return cls(key_id=_key_id(raw), _key=raw, archive_id=archive_id)

    @classmethod
    def generate(cls, archive_id: str = "") -> "MasterKey":
        """A fresh random key that is *not* stored anywhere (tests, re-keying tools)."""
        return cls.from_bytes(secrets.token_bytes(KEY_SIZE), archive_id)


@dataclass(frozen=True)
class EncryptInfo:
    key_id: str
    plaintext_size: int
    ciphertext_size: int


# --------------------------------------------------------------------------- keyring


def _check_archive_id(archive_id: object) -> str:
    if not isinstance(archive_id, str) or not archive_id.strip() or len(archive_id) > 200:
        raise InvalidInput(reason=f"无效的档案库标识：{archive_id!r}")
    if any(unicodedata.category(ch) == "Cc" for ch in archive_id):
        raise InvalidInput(reason="档案库标识不能包含控制字符")
    return archive_id


def _keyring_module():
    import keyring  # imported lazily: only processes that touch encrypted items need it

    return keyring


def _effective_backend(backend: Any) -> Any:
    """The backend that actually stores secrets (the first one of a chainer)."""
    try:
        from keyring.backends.chainer import ChainerBackend
    except ImportError:  # pragma: no cover - very old keyring
        return backend
    if isinstance(backend, ChainerBackend):
        backends = list(getattr(backend, "backends", []) or [])
        return backends[0] if backends else None
    return backend


def _backend_name(backend: Any) -> str:
    if backend is None:
        return "无可用后端"
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _backend_is_secure(backend: Any) -> bool:
    if backend is None:
        return False
    module = type(backend).__module__
    if module.startswith("keyrings.alt"):
        # File keyrings keep the secret in plain text (or prompt on the console); the
        # Windows registry one is not a credential store either.
        return False
    return module not in ("keyring.backends.fail", "keyring.backends.null")


def keyring_backend_info() -> tuple[str, bool]:
    """(dotted class name of the keyring backend in use, whether it is a real credential store)."""
    try:
        backend = _effective_backend(_keyring_module().get_keyring())
    except Exception as exc:  # noqa: BLE001 - reported as "unavailable"
        return (f"错误：{exc}", False)
    return (_backend_name(backend), _backend_is_secure(backend))


def _check_backend_for_storing(allow_insecure: bool) -> None:
    backend = _effective_backend(_keyring_module().get_keyring())
    name = _backend_name(backend)
    if backend is None or type(backend).__module__ == "keyring.backends.fail":
        raise KeyringUnavailable(reason=f"本机没有可用的系统密钥环（{name}），无法保存主密钥")
    if _backend_is_secure(backend):
        return
    explicitly_chosen = os.environ.get("PYTHON_KEYRING_BACKEND", "").strip() == name
    if allow_insecure or explicitly_chosen or os.environ.get(_ALLOW_INSECURE_ENV) == "1":
        return
    raise KeyringUnavailable(
        key="keyring_insecure",
        reason=(
            f"当前密钥环后端 {name} 不是系统凭据库（可能以明文形式把主密钥保存在磁盘上），"
            "拒绝在其中保存主密钥。请启用操作系统的密钥环服务（Windows 凭据管理器、"
            "macOS 钥匙串或 Secret Service），或由管理员明确设置 PYTHON_KEYRING_BACKEND 指定后端"
        ),
    )


def _get_entry(archive_id: str) -> str | None:
    kr = _keyring_module()
    try:
        return kr.get_password(KEYRING_SERVICE, archive_id)
    except kr.errors.KeyringError as exc:
        raise KeyringUnavailable(reason=f"读取密钥环失败：{exc}") from exc


def _set_entry(archive_id: str, raw: bytes) -> None:
    kr = _keyring_module()
    value = _ENTRY_PREFIX + base64.b64encode(raw).decode("ascii")
    try:
        kr.set_password(KEYRING_SERVICE, archive_id, value)
        stored = kr.get_password(KEYRING_SERVICE, archive_id)
    except kr.errors.KeyringError as exc:
        raise KeyringUnavailable(reason=f"写入密钥环失败：{exc}") from exc
    if stored != value:
        raise KeyringUnavailable(reason="密钥环没有保存主密钥（写入后读回的内容不一致）")


def _decode_entry(archive_id: str, value: str) -> bytes:
    raw: bytes | None = None
    if isinstance(value, str) and value.startswith(_ENTRY_PREFIX):
        try:
            raw = base64.b64decode(value[len(_ENTRY_PREFIX) :], validate=True)
        except (ValueError, TypeError):
            raw = None
    if raw is None or len(raw) != KEY_SIZE:
        raise IntegrityError(
            key="master_key_corrupt",
            reason=f"系统密钥环中档案库“{archive_id}”的主密钥条目已损坏，请从主密钥备份中恢复",
            archive_id=archive_id,
        )
    return raw


def master_key_exists(archive_id: str) -> bool:
    return _get_entry(_check_archive_id(archive_id)) is not None


def create_master_key(archive_id: str, *, allow_insecure_keyring: bool = False) -> str:
    """Generate a master key, store it in the keyring and return its key id.

    Refuses to overwrite an existing key (Conflict ``master_key_exists``): replacing it
    would make every item encrypted under the old one unreadable.  Follow up at once with
    :func:`export_master_key_backup`.
    """
    _check_archive_id(archive_id)
    _check_backend_for_storing(allow_insecure_keyring)
    if _get_entry(archive_id) is not None:
        raise Conflict(
            key="master_key_exists",
            reason=f"档案库“{archive_id}”在系统密钥环中已有主密钥，拒绝覆盖（覆盖会使已加密的证据无法解密）",
        )
    raw = secrets.token_bytes(KEY_SIZE)
    _set_entry(archive_id, raw)
    return _key_id(raw)


def load_master_key(archive_id: str) -> MasterKey:
    """The archive's master key from the keyring; MasterKeyMissing if the entry is gone."""
    _check_archive_id(archive_id)
    value = _get_entry(archive_id)
    if value is None:
        raise MasterKeyMissing(archive_id=archive_id)
    return MasterKey.from_bytes(_decode_entry(archive_id, value), archive_id)


# --------------------------------------------------------------------------- backup


def _normalise_passphrase(passphrase: str) -> bytes:
    if not isinstance(passphrase, str):
        raise InvalidInput(reason="备份口令必须是字符串")
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _backup_ad(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_master_key_backup(archive_id: str, passphrase: str) -> bytes:
    """A passphrase-protected backup of the archive's master key (UTF-8 JSON bytes).

    The key is encrypted with AES-256-GCM under a key derived from the passphrase with
    scrypt; every other field of the backup is authenticated as associated data.
    """
    master = load_master_key(archive_id)
    if len(unicodedata.normalize("NFC", passphrase or "")) < MIN_BACKUP_PASSPHRASE:
        raise InvalidInput(
            key="weak_backup_passphrase",
            reason=f"备份口令至少需要 {MIN_BACKUP_PASSPHRASE} 个字符",
        )
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    header: dict[str, Any] = {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "archive_id": archive_id,
        "key_id": master.key_id,
        "kdf": {"name": "scrypt", "n": BACKUP_SCRYPT_N, "r": BACKUP_SCRYPT_R, "p": BACKUP_SCRYPT_P, "salt": _b64(salt)},
        "cipher": "AES-256-GCM",
        "nonce": _b64(nonce),
    }
    kek = Scrypt(salt=salt, length=KEY_SIZE, n=BACKUP_SCRYPT_N, r=BACKUP_SCRYPT_R, p=BACKUP_SCRYPT_P).derive(
        _normalise_passphrase(passphrase)
    )
    sealed = AESGCM(kek).encrypt(nonce, master._key, _backup_ad(header))
    doc = dict(header, ciphertext=_b64(sealed))
    return (json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _bad_backup(reason: str) -> InvalidInput:
    return InvalidInput(key="bad_key_backup", reason=f"主密钥备份文件无效：{reason}")


def _parse_backup(blob: bytes) -> tuple[dict[str, Any], bytes, bytes, bytes, dict[str, int]]:
    try:
        doc = json.loads(bytes(blob).decode("utf-8"))
    except (UnicodeDecodeError, ValueError, TypeError) as exc:
        raise _bad_backup("不是有效的 JSON 文档") from exc
    if not isinstance(doc, dict) or doc.get("format") != BACKUP_FORMAT:
        raise _bad_backup("格式标识不符")
    if doc.get("version") != BACKUP_VERSION:
        raise _bad_backup(f"不支持的版本 {doc.get('version')!r}")
    if doc.get("cipher") != "AES-256-GCM":
        raise _bad_backup(f"不支持的加密算法 {doc.get('cipher')!r}")
    kdf = doc.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("name") != "scrypt":
        raise _bad_backup("不支持的口令派生算法")
    try:
        n, r, p = int(kdf["n"]), int(kdf["r"]), int(kdf["p"])
        salt = base64.b64decode(kdf["salt"], validate=True)
        nonce = base64.b64decode(doc["nonce"], validate=True)
        sealed = base64.b64decode(doc["ciphertext"], validate=True)
        archive_id, key_id = doc["archive_id"], doc["key_id"]
    except (KeyError, ValueError, TypeError) as exc:
        raise _bad_backup("字段缺失或编码错误") from exc
    # Bounds keep a crafted file from costing gigabytes of memory or hours of CPU.
    if not (2**10 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16 and 128 * n * r <= 2**30):
        raise _bad_backup("口令派生参数超出允许范围")
    if len(salt) < 16 or len(nonce) != 12 or len(sealed) != KEY_SIZE + TAG_SIZE:
        raise _bad_backup("字段长度不正确")
    if not isinstance(archive_id, str) or not isinstance(key_id, str):
        raise _bad_backup("档案库标识或密钥编号无效")
    header = {k: v for k, v in doc.items() if k != "ciphertext"}
    return header, salt, nonce, sealed, {"n": n, "r": r, "p": p}


def import_master_key_backup(
    archive_id: str, blob: bytes, passphrase: str, *, allow_insecure_keyring: bool = False
) -> str:
    """Restore a master key from :func:`export_master_key_backup` output; returns its key id.

    Wrong passphrase (or a damaged backup) → IntegrityError ``backup_passphrase_wrong``.
    A backup of another archive → InvalidInput ``backup_archive_mismatch``.  If the keyring
    already holds the same key this is a no-op; a *different* key is never overwritten
    (Conflict ``master_key_exists``).
    """
    _check_archive_id(archive_id)
    header, salt, nonce, sealed, cost = _parse_backup(blob)
    if header["archive_id"] != archive_id:
        raise InvalidInput(
            key="backup_archive_mismatch",
            reason=f"该备份属于档案库“{header['archive_id']}”，不是“{archive_id}”",
        )
    kek = Scrypt(salt=salt, length=KEY_SIZE, **cost).derive(_normalise_passphrase(passphrase))
    try:
        raw = AESGCM(kek).decrypt(nonce, sealed, _backup_ad(header))
    except InvalidTag:
        raise IntegrityError(
            key="backup_passphrase_wrong",
            reason="备份口令错误，或主密钥备份文件已损坏，无法恢复主密钥",
        ) from None
    if _key_id(raw) != header["key_id"]:  # pragma: no cover - authenticated above
        raise _bad_backup("密钥编号与内容不符")
    _check_backend_for_storing(allow_insecure_keyring)
    existing = _get_entry(archive_id)
    if existing is not None:
        try:
            same = secrets.compare_digest(_decode_entry(archive_id, existing), raw)
        except IntegrityError:
            same = False
        if same:
            return _key_id(raw)
        raise Conflict(
            key="master_key_exists",
            reason=f"系统密钥环中已有档案库“{archive_id}”的另一个主密钥，拒绝覆盖；如确需替换，请先由管理员核实并删除现有条目",
        )
    _set_entry(archive_id, raw)
    return _key_id(raw)


# --------------------------------------------------------------------------- format


@dataclass(frozen=True)
class _Header:
    raw: bytes  # the full header bytes (magic included): associated data of every chunk
    version: int
    algorithm: int
    chunk_size: int
    key_id: str
    nonce_prefix: bytes
    wrapped_key: bytes


def _decrypt_failed(reason: str, **data: Any) -> IntegrityError:
    return IntegrityError(key="decrypt_failed", reason=reason, **data)


def _read_exact(src: BinaryIO, n: int) -> bytes:
    """Up to ``n`` bytes; fewer only at end of stream."""
    buf = src.read(n)
    if buf is None:
        raise OSError("源数据流暂时无数据（非阻塞流不受支持）")
    if len(buf) == n or not buf:
        return bytes(buf)
    parts = [bytes(buf)]
    got = len(buf)
    while got < n:
        more = src.read(n - got)
        if more is None:
            raise OSError("源数据流暂时无数据（非阻塞流不受支持）")
        if not more:
            break
        parts.append(bytes(more))
        got += len(more)
    return b"".join(parts)


def _pack_header(chunk_size: int, key_id: str, nonce_prefix: bytes, wrapped: bytes) -> bytes:
    body = _BODY_FIXED.pack(
        FORMAT_VERSION, ALG_AES_256_GCM, WRAP_AES_KW, 0, chunk_size, bytes.fromhex(key_id), nonce_prefix, len(wrapped)
    ) + wrapped
    return MAGIC + _HEADER_LEN.pack(len(body)) + body


def _read_header(src: BinaryIO) -> _Header:
    magic = _read_exact(src, len(MAGIC))
    if magic != MAGIC:
        raise IntegrityError(key="not_encrypted", reason="不是本系统的加密文件（文件头标识不符）")
    head = _read_exact(src, _HEADER_LEN.size)
    if len(head) < _HEADER_LEN.size:
        raise _decrypt_failed("加密文件不完整：文件头被截断")
    (body_len,) = _HEADER_LEN.unpack(head)
    if not (_BODY_FIXED.size <= body_len <= _MAX_HEADER_BODY):
        raise _decrypt_failed("加密文件头已损坏（长度字段无效）")
    body = _read_exact(src, body_len)
    if len(body) < body_len:
        raise _decrypt_failed("加密文件不完整：文件头被截断")
    version, algorithm, wrap, flags, chunk_size, key_id, prefix, wrapped_len = _BODY_FIXED.unpack_from(body)
    if version != FORMAT_VERSION:
        raise _decrypt_failed(f"不支持的加密文件格式版本 {version}")
    if algorithm != ALG_AES_256_GCM:
        name = _ALG_NAMES.get(algorithm, f"编号 {algorithm}")
        raise IntegrityError(key="decrypt_unsupported", reason=f"本机未实现加密算法 {name}，无法解密")
    if wrap != WRAP_AES_KW or flags != 0:
        raise _decrypt_failed("加密文件头已损坏（密钥封装方式或标志无效）")
    if not (MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE):
        raise _decrypt_failed("加密文件头已损坏（分块大小无效）")
    if wrapped_len != _WRAPPED_KEY_SIZE or body_len != _BODY_FIXED.size + wrapped_len:
        raise _decrypt_failed("加密文件头已损坏（封装密钥长度无效）")
    return _Header(
        raw=magic + head + body,
        version=version,
        algorithm=algorithm,
        chunk_size=chunk_size,
        key_id=key_id.hex(),
        nonce_prefix=prefix,
        wrapped_key=body[_BODY_FIXED.size :],
    )


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + index.to_bytes(4, "big")


def _stream_total(src: BinaryIO) -> int:
    """Bytes left in a regular file (0 when unknown) — for progress reports only."""
    try:
        return max(0, os.fstat(src.fileno()).st_size - src.tell())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return 0


def _report(job: Job | None, done: int, total: int, key: str) -> None:
    if job is not None:
        job.check_cancelled()
        job.report(done, max(total, done) if total else 0, key)


def _seal_chunks(
    src: BinaryIO,
    master: MasterKey,
    chunk_size: int,
    job: Job | None,
    total: int,
    on_plaintext: Callable[[bytes], None] | None = None,
) -> Iterator[bytes]:
    """Yields the header, then each sealed chunk."""
    if not isinstance(master, MasterKey):
        raise InvalidInput(reason="需要主密钥（MasterKey）")
    if not (MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE):
        raise InvalidInput(reason=f"分块大小必须在 {MIN_CHUNK_SIZE} 到 {MAX_CHUNK_SIZE} 字节之间")
    file_key = AESGCM.generate_key(bit_length=256)
    prefix = secrets.token_bytes(_NONCE_PREFIX_SIZE)
    header = _pack_header(chunk_size, master.key_id, prefix, aes_key_wrap(master._key, file_key))
    aead = AESGCM(file_key)
    del file_key
    _report(job, 0, total, "encrypting")
    yield header
    cur = _read_exact(src, chunk_size)
    index = done = 0
    while True:
        nxt = _read_exact(src, chunk_size) if len(cur) == chunk_size else b""
        final = not nxt
        if index >= _MAX_CHUNKS:
            raise StoreError(key="file_too_large", reason="文件过大，超出加密格式允许的分块数")
        if on_plaintext is not None:
            on_plaintext(cur)
        sealed = aead.encrypt(_nonce(prefix, index), cur, header + _CHUNK_AD.pack(index, final))
        done += len(cur)
        yield sealed
        _report(job, done, total, "encrypting")
        if final:
            return
        cur, index = nxt, index + 1


def _open_chunks(src: BinaryIO, master: MasterKey, job: Job | None, total: int) -> Iterator[bytes]:
    """Yields authenticated plaintext chunks; IntegrityError on any tampering."""
    if not isinstance(master, MasterKey):
        raise InvalidInput(reason="需要主密钥（MasterKey）")
    header = _read_header(src)
    if header.key_id != master.key_id:
        raise IntegrityError(
            key="wrong_master_key",
            reason=f"该文件由另一个主密钥（编号 {header.key_id}）加密，当前主密钥编号为 {master.key_id}，无法解密",
            file_key_id=header.key_id,
            master_key_id=master.key_id,
        )
    try:
        file_key = aes_key_unwrap(master._key, header.wrapped_key)
    except InvalidUnwrap:
        raise _decrypt_failed("加密文件的文件密钥无法用主密钥解开（文件头被篡改或主密钥不符）") from None
    aead = AESGCM(file_key)
    del file_key
    block = header.chunk_size + TAG_SIZE
    ad_head = header.raw
    done = len(header.raw)  # progress counts ciphertext bytes read, like ``total``
    _report(job, done, total, "decrypting")
    cur = _read_exact(src, block)
    index = 0
    while True:
        if len(cur) < TAG_SIZE:
            raise _decrypt_failed("加密文件不完整（数据被截断）", chunk=index)
        nxt = _read_exact(src, block) if len(cur) == block else b""
        final = not nxt
        try:
            plain = aead.decrypt(_nonce(header.nonce_prefix, index), cur, ad_head + _CHUNK_AD.pack(index, final))
        except InvalidTag:
            raise _decrypt_failed(
                f"加密文件已损坏或被篡改（第 {index + 1} 块校验失败，可能被修改、截断、重排或追加了数据）",
                chunk=index,
            ) from None
        done += len(cur)
        yield plain
        _report(job, done, total, "decrypting")
        if final:
            return
        cur, index = nxt, index + 1
        if index >= _MAX_CHUNKS:
            raise _decrypt_failed("加密文件分块数超出格式上限")


def _write_all(dst: BinaryIO, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = dst.write(view)
        if n is None:  # non-blocking raw stream with nothing accepted
            continue
        if n <= 0:
            raise OSError("写入目标失败：write() 未写入任何数据")
        view = view[n:]


# --------------------------------------------------------------------------- public streams


def ciphertext_size(plaintext_size: int, chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
    """Exact size of the encrypted file for a plaintext of ``plaintext_size`` bytes."""
    chunks = max(1, -(-plaintext_size // chunk_size))
    return HEADER_SIZE + plaintext_size + chunks * TAG_SIZE


def encrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    master: MasterKey,
    job: Job | None = None,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> EncryptInfo:
    """Encrypt everything readable from ``src`` into ``dst`` (from their current positions)."""
    plain = cipher = 0

    def count(chunk: bytes) -> None:
        nonlocal plain
        plain += len(chunk)

    for piece in _seal_chunks(src, master, chunk_size, job, _stream_total(src), count):
        _write_all(dst, piece)
        cipher += len(piece)
    return EncryptInfo(key_id=master.key_id, plaintext_size=plain, ciphertext_size=cipher)


def decrypt_stream(src: BinaryIO, dst: BinaryIO, master: MasterKey, job: Job | None = None) -> int:
    """Decrypt ``src`` into ``dst``; returns the number of plaintext bytes.

    Raises IntegrityError (``decrypt_failed`` / ``wrong_master_key`` / ``not_encrypted``)
    on any tampering; ``dst`` may then hold a genuine but incomplete prefix — discard it.
    """
    n = 0
    for plain in _open_chunks(src, master, job, _stream_total(src)):
        _write_all(dst, plain)
        n += len(plain)
    return n


class _ChunkReader(io.RawIOBase):
    """A readable, non-seekable raw stream over a generator of byte chunks."""

    def __init__(self, chunks: Iterator[bytes]):
        super().__init__()
        self._chunks = chunks
        self._buf = memoryview(b"")
        self._eof = False
        self._error: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self.closed:
            raise ValueError("I/O operation on closed file")
        if self._error is not None:
            raise self._error
        while not self._buf:
            if self._eof:
                return 0
            try:
                self._buf = memoryview(next(self._chunks))
            except StopIteration:
                self._eof = True
                self._done()
                return 0
            except BaseException as exc:
                self._error = exc
                raise
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def _done(self) -> None:
        pass

    def close(self) -> None:
        if not self.closed:
            self._chunks.close()  # type: ignore[attr-defined]
            self._buf = memoryview(b"")
        super().close()


class DecryptingReader(_ChunkReader):
    """Plaintext of an encrypted stream, as a readable stream (for hashing pipelines,
    ``shutil.copyfileobj``, or viewers that accept a file object).

    Every byte returned has been authenticated; tampering raises IntegrityError from
    ``read``.  The header (and so a wrong master key) is checked on the first read.
    """

    def __init__(self, src: BinaryIO, master: MasterKey, job: Job | None = None):
        super().__init__(_open_chunks(src, master, job, _stream_total(src)))


class EncryptingReader(_ChunkReader):
    """The encrypted form of a plaintext stream, as a readable stream.

    Lets the evidence store ingest ciphertext directly, without a temporary encrypted
    copy: ``store.put_stream(EncryptingReader(src, master), total=ciphertext_size(n))``.
    With ``digest_plaintext=True`` (default) it also computes SHA-256 and SM3 of the
    plaintext as it goes; read them from :attr:`plaintext_digests` after end of stream.
    """

    def __init__(
        self,
        src: BinaryIO,
        master: MasterKey,
        *,
        chunk_size: int = DEFAULT_CHUNK_SIZE,
        digest_plaintext: bool = True,
        job: Job | None = None,
    ):
        self.key_id = master.key_id
        self.plaintext_size = 0
        self._digests: Digests | None = None
        self._sha = self._sm3 = None
        if digest_plaintext:
            from workstation.archive.hashing import new_sm3

            self._sha, self._sm3 = hashlib.sha256(), new_sm3()
        super().__init__(_seal_chunks(src, master, chunk_size, job, _stream_total(src), self._feed))

    def _feed(self, chunk: bytes) -> None:
        self.plaintext_size += len(chunk)
        if self._sha is not None:
            self._sha.update(chunk)
            self._sm3.update(chunk)  # type: ignore[union-attr]

    def _done(self) -> None:
        if self._sha is not None:
            from workstation.archive.hashing import Digests

            self._digests = Digests(sha256=self._sha.hexdigest(), sm3=self._sm3.hexdigest(), size=self.plaintext_size)  # type: ignore[union-attr]

    @property
    def plaintext_digests(self) -> Digests:
        if self._digests is None:
            raise StoreError(key="digest_unavailable", reason="明文摘要尚未计算完成（数据流尚未读完或未启用摘要）")
        return self._digests


# --------------------------------------------------------------------------- files


def is_encrypted_file(path: str | os.PathLike[str]) -> bool:
    """True if the file starts with a well-formed header of this format.

    Structural check only (no key needed).  Evidence originals can start with any bytes,
    so the catalog — not this sniffing — must decide whether an item is encrypted.
    """
    with open(path, "rb") as f:
        try:
            _read_header(f)  # type: ignore[arg-type]
        except IntegrityError as exc:
            return exc.key == "decrypt_unsupported"  # our format, algorithm not built in
    return True


def plaintext_size(path: str | os.PathLike[str]) -> int:
    """Plaintext size of an encrypted file, from its header and length (no key needed)."""
    with open(path, "rb") as f:
        header = _read_header(f)  # type: ignore[arg-type]
        size = os.fstat(f.fileno()).st_size
    body = size - len(header.raw)
    block = header.chunk_size + TAG_SIZE
    full, rest = divmod(body, block)
    if body < TAG_SIZE or (rest and rest < TAG_SIZE):
        raise _decrypt_failed("加密文件不完整（数据被截断）")
    return full * header.chunk_size + (rest - TAG_SIZE if rest else 0)


def decrypt_to_temp(
    path: str | os.PathLike[str],
    master: MasterKey,
    tmp_dir: str | os.PathLike[str],
    *,
    suffix: str = "",
    job: Job | None = None,
) -> Path:
    """Decrypt ``path`` into a new file (mode 0600) in ``tmp_dir`` and return its path.

    For viewers that need a file path (PyMuPDF, libVLC).  The caller deletes the file
    (or use :func:`decrypted_temp`).  On failure nothing is left behind.  Put ``tmp_dir``
    on a RAM-backed or at least non-synced location and clean it at start-up.
    """
    tmp_dir = Path(tmp_dir)
    tmp_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    if suffix and not re.fullmatch(r"\.[A-Za-z0-9_-]{1,16}", suffix):
        raise InvalidInput(reason=f"无效的临时文件后缀：{suffix!r}")
    fd, name = tempfile.mkstemp(prefix="plain-", suffix=suffix or ".tmp", dir=tmp_dir)
    out = Path(name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as dst, open(path, "rb") as src:
            decrypt_stream(src, dst, master, job)  # type: ignore[arg-type]
    except BaseException:
        try:
            out.unlink()
        except FileNotFoundError:
            pass
        raise
    return out


@contextmanager
def decrypted_temp(
    path: str | os.PathLike[str], master: MasterKey, tmp_dir: str | os.PathLike[str], *, suffix: str = ""
) -> Iterator[Path]:
    """:func:`decrypt_to_temp` as a context manager that deletes the file afterwards."""
    out = decrypt_to_temp(path, master, tmp_dir, suffix=suffix)
    try:
        yield out
    finally:
        try:
            out.unlink()
        except FileNotFoundError:
            pass


class _NullSink:
    def write(self, data: bytes) -> int:
        return len(data)


def plaintext_digests(path: str | os.PathLike[str], master: MasterKey, job: Job | None = None) -> Digests:
    """SHA-256 and SM3 of an encrypted file's plaintext, without writing it anywhere
    (fixity of the plaintext digest recorded at ingest)."""
    from workstation.archive.hashing import copy_and_digest

    with open(path, "rb") as src:
        reader = DecryptingReader(src, master)  # type: ignore[arg-type]
        try:
            return copy_and_digest(reader, _NullSink(), total=plaintext_size(path), job=job)  # type: ignore[arg-type]
        finally:
            reader.close()
