"""Encryption at rest: SM4-GCM (or AES-256-GCM) under a keyring read from settings.DATA_KEY_FILE.

The key never sits in the database, so a dump of the database alone reveals no reporter identity.

Blob layout (all integers big-endian)::

    version (1 byte, = 1) | key id (4 bytes) | cipher id (1 byte) | nonce (12 bytes) | ciphertext | tag (16 bytes)

The header is authenticated together with the caller's associated data, which names the place the
blob belongs to ("intake.report.reporter_name"), so a blob copied to another column fails to decrypt.

The key file is JSON, mode 0600::

    {"format": "paizhu-keyring/1", "current": "3f9a12c0",
     "keys": [{"id": "3f9a12c0", "cipher": "sm4-gcm", "key": "<base64>", "created_at": "...", "state": "current"}]}

Key states: `current` (encrypts new data; exactly one), `active` (an older key whose data a rotation
has not finished re-encrypting), `retired` (rotation finished; kept so that database backups taken
before the rotation can still be read).
"""

import base64
import contextlib
import json
import os
import secrets
import stat
import struct
import tempfile
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files import locks
from django.utils import timezone

FORMAT_VERSION = 1
KEYRING_FORMAT = "paizhu-keyring/1"
NONCE_SIZE = 12
TAG_SIZE = 16
_HEADER = struct.Struct(">BIB12s")
HEADER_SIZE = _HEADER.size


@dataclass(frozen=True)
class _CipherSpec:
    code: int
    algorithm: type
    key_size: int


CIPHERS: dict[str, _CipherSpec] = {
    "sm4-gcm": _CipherSpec(1, algorithms.SM4, 16),
    "aes-256-gcm": _CipherSpec(2, algorithms.AES, 32),
}
_CIPHER_BY_CODE = {spec.code: name for name, spec in CIPHERS.items()}


class KeyFileError(ImproperlyConfigured):
    """The key file is missing, unreadable, too widely readable or malformed (message in Chinese)."""


class DecryptionError(Exception):
    """A blob failed authentication: wrong key, wrong place (associated data) or tampered with."""


@dataclass(frozen=True)
class DataKey:
    id: str  # 8 hex digits; random, so keyrings from unrelated installations never share an id
    cipher: str
    secret: bytes = field(repr=False)
    created_at: str
    state: str  # current | active | retired

    @property
    def number(self) -> int:
        return int(self.id, 16)


@dataclass(frozen=True)
class Keyring:
    keys: tuple[DataKey, ...]

    @property
    def current(self) -> DataKey:
        return next(k for k in self.keys if k.state == "current")

    def get(self, key_id: str) -> DataKey | None:
        return next((k for k in self.keys if k.id == key_id), None)

    @property
    def rotating(self) -> bool:
        """True while a rotation has made a new key current but not finished re-encrypting."""
        return any(k.state == "active" for k in self.keys)


# ---------------------------------------------------------------- blobs


def encrypt(plaintext: bytes, aad: bytes) -> bytes:
    key = load_keyring().current
    spec = CIPHERS[key.cipher]
    header = _HEADER.pack(FORMAT_VERSION, key.number, spec.code, secrets.token_bytes(NONCE_SIZE))
    encryptor = Cipher(spec.algorithm(key.secret), modes.GCM(header[-NONCE_SIZE:])).encryptor()
    encryptor.authenticate_additional_data(header + aad)
    body = encryptor.update(plaintext) + encryptor.finalize()
    return header + body + encryptor.tag


def decrypt(blob: bytes, aad: bytes) -> bytes:
    version, key_id, cipher_code, nonce = _parse_header(blob)
    key = load_keyring().get(key_id)
    if key is None:
        raise DecryptionError(f"数据由密钥 {key_id} 加密，但密钥文件 {settings.DATA_KEY_FILE} 中没有该密钥。")
    spec = CIPHERS[key.cipher]
    if spec.code != cipher_code:
        raise DecryptionError("数据解密失败：数据记录的算法与密钥不符。")
    header, body, tag = blob[:HEADER_SIZE], blob[HEADER_SIZE:-TAG_SIZE], blob[-TAG_SIZE:]
    decryptor = Cipher(spec.algorithm(key.secret), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(header + aad)
    try:
        return decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise DecryptionError("数据解密失败：密文已被篡改，或不属于此处。") from None


def key_id_of(blob: bytes) -> str:
    return _parse_header(blob)[1]


def needs_rotation(blob: bytes) -> bool:
    """True when the blob is not under the current key (rotation re-encrypts it)."""
    return key_id_of(blob) != load_keyring().current.id


def _parse_header(blob: bytes) -> tuple[int, str, int, bytes]:
    if len(blob) < HEADER_SIZE + TAG_SIZE:
        raise DecryptionError("数据解密失败：密文长度不足。")
    version, key_number, cipher_code, nonce = _HEADER.unpack_from(blob)
    if version != FORMAT_VERSION:
        raise DecryptionError(f"数据解密失败：不支持的密文格式版本 {version}。")
    if cipher_code not in _CIPHER_BY_CODE:
        raise DecryptionError(f"数据解密失败：未知的算法编号 {cipher_code}。")
    return version, f"{key_number:08x}", cipher_code, nonce


# ---------------------------------------------------------------- the key file

_cache_lock = threading.Lock()
_cache: tuple[tuple, Keyring] | None = None


def load_keyring() -> Keyring:
    """The keyring, cached per process and re-read when the file changes (a rotation replaces it)."""
    global _cache
    path = Path(settings.DATA_KEY_FILE)
    try:
        st = path.stat()
    except FileNotFoundError:
        if not settings.DEMO_MODE:
            raise _missing(path) from None
        ensure_key_file()
        st = path.stat()
    # os.replace gives the new file a new inode, so this notices a rotation even within one mtime tick.
    signature = (str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    with _cache_lock:
        if _cache is None or _cache[0] != signature:
            _cache = (signature, _read(path, st))
        return _cache[1]


def read_key_file(path: Path) -> Keyring:
    """The keyring in a key file other than the configured one (a backup's copy), checked as strictly."""
    return _read(path, path.stat())


def ensure_key_file() -> Path:
    """The key file, generated when missing in demo mode; production refuses to invent a key."""
    path = Path(settings.DATA_KEY_FILE)
    if path.exists():
        return path
    if not settings.DEMO_MODE:
        raise _missing(path)
    with contextlib.suppress(FileExistsError):  # another worker generated it a moment ago
        init_key_file()
    return path


def init_key_file(cipher: str | None = None) -> DataKey:
    """Write a new key file with one key; never overwrites an existing one (that would lose the data)."""
    path = Path(settings.DATA_KEY_FILE)
    key = _new_key(cipher or settings.DATA_CIPHER, "current")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(_dumps(Keyring((key,))))
        fh.flush()
        os.fsync(fh.fileno())
    return key


def begin_rotation(cipher: str | None = None) -> tuple[DataKey, bool]:
    """Add a new current key, demoting the old ones to `active`; returns (current key, resumed).

    If an earlier rotation was interrupted (some key is still `active`), its new key stays current
    and the rotation resumes instead of adding yet another key.
    """
    ring = load_keyring()
    if ring.rotating:
        return ring.current, True
    new = _new_key(cipher or settings.DATA_CIPHER, "current", taken={k.id for k in ring.keys})
    demoted = tuple(replace(k, state="active") if k.state == "current" else k for k in ring.keys)
    _write(Keyring((*demoted, new)))
    return new, False


def retire_old_keys() -> list[DataKey]:
    """Mark every `active` key retired; call only after no data uses them any more."""
    ring = load_keyring()
    retired = [k for k in ring.keys if k.state == "active"]
    if retired:
        _write(Keyring(tuple(replace(k, state="retired") if k.state == "active" else k for k in ring.keys)))
    return retired


@contextlib.contextmanager
def rotation_lock():
    """Serialises key-file changes between operators running `paizhu keys` at the same time."""
    lock_path = Path(settings.DATA_KEY_FILE).with_name(Path(settings.DATA_KEY_FILE).name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    with os.fdopen(fd, "r+b") as fh:
        locks.lock(fh, locks.LOCK_EX)
        try:
            yield
        finally:
            locks.unlock(fh)


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _missing(path: Path) -> KeyFileError:
    return KeyFileError(
        f"未找到数据密钥文件 {path}。举报人身份和附件以该密钥加密存储，生产模式不会自动生成密钥："
        "首次部署请执行 `paizhu keys init` 生成并立即备份；已有数据的系统请从备份恢复该文件"
        "（或用 PAIZHU_DATA_KEY_FILE 指向它）。"
    )


def _new_key(cipher: str, state: str, taken: frozenset[str] | set[str] = frozenset()) -> DataKey:
    if cipher not in CIPHERS:
        raise KeyFileError(f"不支持的数据加密算法 {cipher!r}：PAIZHU_DATA_CIPHER 只能是 {' 或 '.join(CIPHERS)}。")
    while True:
        key_id = secrets.token_hex(4)
        if key_id not in taken:
            break
    return DataKey(
        id=key_id,
        cipher=cipher,
        secret=secrets.token_bytes(CIPHERS[cipher].key_size),
        created_at=timezone.localtime().isoformat(timespec="seconds"),
        state=state,
    )


def _read(path: Path, st: os.stat_result) -> Keyring:
    if st.st_mode & stat.S_IRWXO:
        raise KeyFileError(
            f"数据密钥文件 {path} 的权限过宽（{stat.S_IMODE(st.st_mode):04o}），其他用户可以读取：请执行 chmod 600 {path}。"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != KEYRING_FORMAT:
            raise ValueError("format")
        keys = tuple(
            DataKey(
                id=str(item["id"]),
                cipher=item["cipher"],
                secret=base64.b64decode(item["key"], validate=True),
                created_at=item.get("created_at", ""),
                state=item["state"],
            )
            for item in data["keys"]
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise KeyFileError(f"数据密钥文件 {path} 无法读取或格式错误：{exc}") from exc
    _validate(path, keys, data.get("current"))
    return Keyring(keys)


def _validate(path: Path, keys: tuple[DataKey, ...], current_id) -> None:
    problems = []
    for key in keys:
        if len(key.id) != 8 or not all(c in "0123456789abcdef" for c in key.id):
            problems.append(f"密钥编号 {key.id!r} 应为 8 位十六进制数")
        elif key.cipher not in CIPHERS:
            problems.append(f"密钥 {key.id} 的算法 {key.cipher!r} 不受支持")
        elif len(key.secret) != CIPHERS[key.cipher].key_size:
            problems.append(f"密钥 {key.id} 的长度应为 {CIPHERS[key.cipher].key_size} 字节")
        if key.state not in {"current", "active", "retired"}:
            problems.append(f"密钥 {key.id} 的状态 {key.state!r} 无效")
    if len({k.id for k in keys}) != len(keys):
        problems.append("密钥编号重复")
    current = [k.id for k in keys if k.state == "current"]
    if len(current) != 1 or current[0] != current_id:
        problems.append("必须有且只有一个当前密钥")
    if problems:
        raise KeyFileError(f"数据密钥文件 {path} 格式错误：" + "；".join(problems) + "。")


def _dumps(ring: Keyring) -> str:
    data = {
        "format": KEYRING_FORMAT,
        "current": ring.current.id,
        "keys": [
            {
                "id": k.id,
                "cipher": k.cipher,
                "key": base64.b64encode(k.secret).decode("ascii"),
                "created_at": k.created_at,
                "state": k.state,
            }
            for k in ring.keys
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _write(ring: Keyring) -> None:
    """Replace the key file atomically: readers see the old keyring or the new one, never half of one."""
    path = Path(settings.DATA_KEY_FILE)
    old = path.stat()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        # An operator rotating as root must not leave a file the service account cannot read.
        os.fchmod(fd, stat.S_IMODE(old.st_mode) & 0o660)
        with contextlib.suppress(PermissionError):
            os.fchown(fd, old.st_uid, old.st_gid)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(_dumps(ring))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
