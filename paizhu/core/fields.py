"""Encrypted model fields, encrypted attachment files, and the key rotation that walks them all.

- `EncryptedTextField`: a `str` in Python, an SM4-GCM blob in a binary column (bytea / BLOB).
- `EncryptedFileField`: the random name of an encrypted file under VAR_DIR/files; `instance.field.save(upload)`
  encrypts to disk, `instance.field.read()` decrypts.

Every such field registers itself when its model class is built, so `rotate_keys` and `key_usage`
find the encrypted columns of every app, including apps written after this module.

Scanned originals live on disk, not in the database: they can be tens of megabytes each, and keeping
them out of the tables keeps database backups and queries small. The file name is random and says
nothing; the column label and the name are both bound into the ciphertext, so a file copied under
another name or attached to another column does not decrypt.
"""

import contextlib
import os
import re
import secrets
import stat
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core import checks, validators
from django.core.exceptions import FieldError
from django.db import connection, models, transaction
from django.db.models.query_utils import DeferredAttribute

from . import crypto

_registry: dict[tuple[str, str], "_Encrypted"] = {}


def encrypted_fields() -> list["_Encrypted"]:
    """Every encrypted field of every concrete model, in a stable order."""
    return [_registry[k] for k in sorted(_registry)]


if TYPE_CHECKING:
    # The mixin sits before a Field in both fields' bases; the checker is told so.
    _FieldBase = models.Field
else:
    _FieldBase = object


class _Encrypted(_FieldBase):
    """Registration and the associated-data label shared by both encrypted fields."""

    label: str
    aad: bytes

    def __init__(self, *args, aad_label: str | None = None, **kwargs):
        # aad_label keeps old data readable when a model or field is renamed: pass the old "app.model.field".
        self.aad_label = aad_label
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.aad_label:
            kwargs["aad_label"] = self.aad_label
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        self.label = self.aad_label or f"{cls._meta.label_lower}.{name}"
        self.aad = self.label.encode()
        # Migration states build "__fake__" copies of every model; only the real classes hold data to rotate.
        if not cls._meta.abstract and cls.__module__ != "__fake__":
            _registry[(cls._meta.label_lower, name)] = self

    def decrypt_blob(self, blob: bytes, aad: bytes | None = None) -> bytes:
        try:
            return crypto.decrypt(blob, self.aad if aad is None else aad)
        except crypto.DecryptionError as exc:
            raise crypto.DecryptionError(f"{self.label}：{exc}") from exc


class EncryptedTextField(_Encrypted, models.Field):
    """Text stored encrypted. None is stored as NULL (needs null=True); "" is encrypted like any other text.

    Only `isnull` lookups work, so give optional values null=True and store None for "not given":
    then `filter(reporter_phone__isnull=False)` finds the reports that have one. `max_length` counts
    characters of the plaintext. The ciphertext is as long as the UTF-8 plaintext plus 34 bytes, so
    the length of a value is visible in the database.
    """

    description = "加密文本"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length is not None:
            self.validators.append(validators.MaxLengthValidator(self.max_length))

    def get_internal_type(self):
        return "BinaryField"

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        if self.unique or self.db_index or self.primary_key:  # type: ignore[attr-defined]  # not in the stubs
            errors.append(
                checks.Error(
                    "加密字段的密文每次都不同，不能作为主键、唯一约束或索引。",
                    obj=self,
                    id="paizhu_core.E001",
                )
            )
        return errors

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        raise self._not_filterable(lookup_name)

    def get_transform(self, lookup_name):
        raise self._not_filterable(lookup_name)

    def _not_filterable(self, lookup_name) -> FieldError:
        return FieldError(
            f"加密字段 {self.label} 不能按内容查询（{lookup_name}）：数据库中只有密文。只支持 isnull；"
            "需要按内容查找或查重时，请另设不含敏感信息的字段。"
        )

    def get_placeholder(self, value, compiler, connection):
        return connection.ops.binary_placeholder_sql(value)

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        return self.decrypt_blob(bytes(value)).decode("utf-8")

    def to_python(self, value):
        if value is None or isinstance(value, str):
            return value
        return str(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError(f"{self.label} 只接受 str 或 None，得到 {type(value).__name__}。")
        return crypto.encrypt(value.encode("utf-8"), self.aad)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        return None if value is None else connection.Database.Binary(value)

    def formfield(self, **kwargs):
        defaults: dict[str, Any] = {"form_class": forms.CharField, "max_length": self.max_length}
        if self.max_length is None:
            defaults["widget"] = forms.Textarea
        if self.null:
            defaults["empty_value"] = None
        return super().formfield(**{**defaults, **kwargs})


# ---------------------------------------------------------------- attachment files

_NAME = re.compile(r"[0-9a-f]{32}")


def files_dir() -> Path:
    return Path(settings.VAR_DIR) / "files"


def _path(name: str) -> Path:
    if not _NAME.fullmatch(name):
        raise ValueError(f"非法的加密文件名：{name!r}")
    return files_dir() / name[:2] / name


def _file_aad(aad: bytes, name: str) -> bytes:
    return b"file:" + aad + b":" + name.encode("ascii")


def store_encrypted_file(content, aad: bytes) -> str:
    """Encrypt `content` (bytes, or a Django File / UploadedFile) to a new random file; returns its name.

    Files are written once and never changed, except by key rotation, which replaces them atomically.
    """
    data = b"".join(content.chunks()) if hasattr(content, "chunks") else bytes(content)
    name = secrets.token_hex(16)
    _write_file(_path(name), crypto.encrypt(data, _file_aad(aad, name)))
    return name


def delete_encrypted_file(name: str) -> None:
    """Remove a file written by `store_encrypted_file`; one already gone is not an error."""
    _path(name).unlink(missing_ok=True)


def open_decrypted(name: str, aad: bytes) -> bytes:
    """The plaintext of a file written by `store_encrypted_file` with the same `aad`."""
    return crypto.decrypt(_path(name).read_bytes(), _file_aad(aad, name))


DIR_MODE = 0o700  # var/files and its subdirectories: the service account alone
FILE_MODE = 0o600


def _private_dirs(directory: Path) -> None:
    """Create `directory` (under var/files) and its parents up to var/files, each 0700 whatever the umask,
    and tighten any that an older version or an operator left wider (0755)."""
    root = files_dir()
    ours = [d for d in (directory, *directory.parents) if d == root or root in d.parents]
    for path in reversed(ours):  # var/files first
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        if stat.S_IMODE(path.stat().st_mode) != DIR_MODE:
            path.chmod(DIR_MODE)


def _write_file(path: Path, blob: bytes) -> None:
    _private_dirs(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        os.fchmod(fd, FILE_MODE)  # mkstemp makes 0600 already; say so rather than rely on it
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


class EncryptedFile:
    """What `instance.<EncryptedFileField>` returns: the stored name, plus save() and read()."""

    def __init__(self, instance, field: "EncryptedFileField", name: str):
        self.instance = instance
        self.field = field
        self.name = name

    def __bool__(self) -> bool:
        return bool(self.name)

    def __str__(self) -> str:
        return self.name

    def __repr__(self) -> str:
        return f"<EncryptedFile {self.field.label} {self.name or '（空）'}>"

    def save(self, content) -> None:
        """Encrypt `content` to a new file and point the field at it; the model row is saved by the caller."""
        self.name = store_encrypted_file(content, self.field.aad)
        setattr(self.instance, self.field.attname, self.name)

    def read(self) -> bytes:
        if not self.name:
            raise ValueError(f"{self.field.label} 没有文件。")
        path = _path(self.name)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise FileNotFoundError(f"加密文件缺失：{path}（{self.field.label}）") from None
        return self.field.decrypt_blob(blob, _file_aad(self.field.aad, self.name))


class _EncryptedFileDescriptor(DeferredAttribute):
    field: "EncryptedFileField"

    def __get__(self, instance, cls=None):
        if instance is None:
            return self
        return EncryptedFile(instance, self.field, super().__get__(instance, cls) or "")

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value.name if isinstance(value, EncryptedFile) else value


class EncryptedFileField(_Encrypted, models.CharField):
    """The name of an encrypted file under VAR_DIR/files ("" when there is none)."""

    descriptor_class = _EncryptedFileDescriptor
    description = "加密文件"
    # What django-stubs reads for a field's instance attribute: the descriptor's EncryptedFile, not a str.
    _pyi_private_get_type: EncryptedFile  # type: ignore[assignment]
    _pyi_private_set_type: EncryptedFile | str  # type: ignore[assignment]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def get_prep_value(self, value):
        if isinstance(value, EncryptedFile):
            value = value.name
        return super().get_prep_value(value)


# ---------------------------------------------------------------- rotation


@dataclass
class RotationResult:
    key: crypto.DataKey
    resumed: bool
    rows: int = 0
    files: int = 0
    missing_files: list[str] = field(default_factory=list)
    retired: list[crypto.DataKey] = field(default_factory=list)


MISSING = "缺失"  # key_usage's entry for a file the database names but the disk lacks


class RotationIncomplete(Exception):
    """Data still uses an old key after the pass; the old keys stay usable and a rerun resumes."""


def rotate_keys(*, batch_size: int = 500, cipher: str | None = None) -> RotationResult:
    """Make a new key current, re-encrypt every encrypted column and file with it, then retire the old keys.

    Each batch of rows is re-encrypted in its own transaction under row locks, so concurrent edits are
    not overwritten and an interruption loses nothing: every row is readable under the old key or the
    new one, both still in the key file. Running it again resumes the unfinished rotation.
    """
    from paizhu.audit.services import record

    with crypto.rotation_lock():
        key, resumed = crypto.begin_rotation(cipher)
        result = RotationResult(key=key, resumed=resumed)
        for f in encrypted_fields():
            if isinstance(f, EncryptedFileField):
                files, missing = _reencrypt_files(f, batch_size)
                result.files += files
                result.missing_files += missing
            else:
                result.rows += _reencrypt_column(f, batch_size)
        leftover = sum(n for usage in key_usage().values() for kid, n in usage.items() if kid not in {key.id, MISSING})
        if leftover:
            raise RotationIncomplete(
                f"仍有 {leftover} 项数据使用旧密钥（可能有其他服务器仍在使用旧的密钥文件），旧密钥暂不停用。"
                "请确认所有服务器读取的是同一个新密钥文件后，再次执行 paizhu keys rotate。"
            )
        with transaction.atomic():
            record(
                None,
                "security.keys_rotated",
                None,
                {
                    "key_id": key.id,
                    "cipher": key.cipher,
                    "resumed": resumed,
                    "rows": result.rows,
                    "files": result.files,
                    "missing_files": len(result.missing_files),
                    "retired": [k.id for k in crypto.load_keyring().keys if k.state == "active"],
                },
            )
            result.retired = crypto.retire_old_keys()
    return result


def _raw(f: models.Field):
    # The blob as stored, bypassing from_db_value: rotation needs the header, not the plaintext.
    return models.ExpressionWrapper(models.F(f.attname), output_field=models.BinaryField())


def _next_batch(f: models.Field, after, size: int, *, for_update: bool = False) -> list[tuple]:
    """The next `size` (pk, stored value) pairs with pk > `after`, in pk order."""
    qs = f.model._base_manager.filter(**{f"{f.attname}__isnull": False}).order_by("pk")
    if isinstance(f, EncryptedFileField):
        qs = qs.exclude(**{f.attname: ""})
    if for_update:
        qs = qs.select_for_update()
    if after is not None:
        qs = qs.filter(pk__gt=after)
    value = _raw(f) if isinstance(f, EncryptedTextField) else models.F(f.attname)
    return list(qs.annotate(stored=value).values_list("pk", "stored")[:size])


def _walk(f: models.Field, size: int):
    after = None
    while batch := _next_batch(f, after, size):
        yield batch
        after = batch[-1][0]


def _reencrypt_column(f: _Encrypted, batch_size: int) -> int:
    ops = connection.ops
    table, column, pk_column = f.model._meta.db_table, f.column, f.model._meta.pk.column
    if column is None or pk_column is None:  # every encrypted field is a concrete column of a table with a key
        raise FieldError(f"{f.label} 不是数据表的列。")
    # One plain UPDATE per row: bulk_update's CASE expressions cost ten times as much for the same result.
    sql = (
        f"UPDATE {ops.quote_name(table)} SET {ops.quote_name(column)} = %s "  # noqa: S608 - quoted identifiers
        f"WHERE {ops.quote_name(pk_column)} = %s"
    )
    count, after = 0, None
    while True:
        with transaction.atomic():
            batch = _next_batch(f, after, batch_size, for_update=True)
            if not batch:
                return count
            params = []
            for pk, blob in batch:
                if crypto.needs_rotation(bytes(blob)):
                    fresh = crypto.encrypt(_plaintext(f, pk, blob), f.aad)
                    # The backend's DB-API module: not in the stubs.
                    params.append((connection.Database.Binary(fresh), pk))  # type: ignore[attr-defined]
            if params:
                with connection.cursor() as cursor:
                    cursor.executemany(sql, params)
        count += len(params)
        after = batch[-1][0]


def _plaintext(f: _Encrypted, pk, blob) -> bytes:
    try:
        return f.decrypt_blob(bytes(blob))
    except crypto.DecryptionError as exc:
        raise crypto.DecryptionError(f"{exc}（主键 {pk}）") from exc


def _reencrypt_files(f: EncryptedFileField, batch_size: int) -> tuple[int, list[str]]:
    count, missing = 0, []
    for batch in _walk(f, batch_size):
        for _pk, name in batch:
            path = _path(name)
            try:
                blob = path.read_bytes()
            except FileNotFoundError:
                missing.append(name)
                continue
            if crypto.needs_rotation(blob):
                aad = _file_aad(f.aad, name)
                _write_file(path, crypto.encrypt(f.decrypt_blob(blob, aad), aad))
                count += 1
    return count, missing


def key_usage() -> dict[_Encrypted, Counter]:
    """For each encrypted field, how many values each key id encrypts (files that are gone count as MISSING)."""
    usage = {}
    for f in encrypted_fields():
        counter: Counter = Counter()
        for batch in _walk(f, 2000):
            for _pk, stored in batch:
                if isinstance(f, EncryptedFileField):
                    counter[_file_key_id(stored)] += 1
                else:
                    counter[crypto.key_id_of(bytes(stored))] += 1
        usage[f] = counter
    return usage


def _file_key_id(name: str) -> str:
    try:
        with _path(name).open("rb") as fh:
            header = fh.read(crypto.HEADER_SIZE + crypto.TAG_SIZE)
    except FileNotFoundError:
        return MISSING
    return crypto.key_id_of(header)
