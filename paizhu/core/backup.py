"""`paizhu backup` / `paizhu restore`: the database, the encrypted attachment files and the key file.

An archive is a plain tar (the attachments are ciphertext and PostgreSQL's custom dump is compressed already)::

    manifest.json        format, engine, time, the key ids the data may use, sizes and SHA-256 of the dump
    database.pgdump      pg_dump --format=custom (PostgreSQL)   | database.sqlite3 (SQLite online backup API)
    files/xx/<name>      VAR_DIR/files as it was (ciphertext, 0600)
    data.key             only with --include-key

The key file goes beside the archive (`<archive>.key`, 0600) unless --include-key puts it inside: keys and
data are kept by different custodians (docs/encryption.md §4), so the default keeps them apart.

Consistency: the database is dumped first (pg_dump reads one snapshot; SQLite's backup API copies a consistent
image), the files are listed after it — a file is written before the row naming it commits, so every file the
dump names exists by then. The key file is held under the rotation lock for the whole backup.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, called with argument lists
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

from . import crypto, fields

FORMAT = "paizhu-backup/1"
MANIFEST = "manifest.json"
KEY_MEMBER = "data.key"
DUMP_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is for the operator (Chinese)."""


@dataclass(frozen=True)
class BackupResult:
    archive: Path
    key_file: Path | None  # where the key went when not inside the archive
    manifest: dict


def key_path_beside(archive: Path) -> Path:
    return archive.with_name(archive.name + ".key")


def create(archive: Path, *, include_key: bool = False, key_out: Path | None = None) -> BackupResult:
    """Write one archive of the database and the attachment files (and the key file, apart or inside)."""
    archive = archive.resolve()
    if archive.exists():
        raise BackupError(f"{archive} 已存在，不会覆盖。")
    archive.parent.mkdir(parents=True, exist_ok=True)
    key_target = None if include_key else (key_out or key_path_beside(archive))
    if key_target is not None and key_target.exists():
        raise BackupError(f"{key_target} 已存在，不会覆盖。")
    vendor = connection.vendor
    if vendor not in DUMP_MEMBER:
        raise BackupError(f"不支持备份 {vendor} 数据库（支持 PostgreSQL 与 SQLite）。")
    with crypto.rotation_lock(), tempfile.TemporaryDirectory(prefix=".paizhu-backup-", dir=archive.parent) as work:
        ring = crypto.load_keyring()
        key_bytes = Path(settings.DATA_KEY_FILE).read_bytes()
        dump = Path(work) / DUMP_MEMBER[vendor]
        _dump_postgresql(dump) if vendor == "postgresql" else _dump_sqlite(dump)
        files = _attachment_files()
        manifest = {
            "format": FORMAT,
            "engine": vendor,
            "created_at": datetime.datetime.now(datetime.UTC).astimezone().isoformat(timespec="seconds"),
            "database": {"member": dump.name, "bytes": dump.stat().st_size, "sha256": _sha256(dump)},
            "files": {"count": len(files), "bytes": sum(p.stat().st_size for p in files)},
            "key_ids": sorted(k.id for k in ring.keys),
            "key_included": include_key,
        }
        partial = Path(work) / "archive.tar"
        with tarfile.open(partial, "w") as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
            tar.add(dump, arcname=dump.name)
            root = fields.files_dir()
            for path in files:
                tar.add(path, arcname=f"files/{path.relative_to(root).as_posix()}")
            if include_key:
                _add_bytes(tar, KEY_MEMBER, key_bytes)
        os.chmod(partial, 0o600)
        if key_target is not None:
            _write_private(key_target, key_bytes)
        os.replace(partial, archive)
    return BackupResult(archive=archive, key_file=key_target, manifest=manifest)


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile(MANIFEST)
            manifest = json.loads(member.read()) if member else None
    except (OSError, KeyError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"{archive} 不是平台的备份文件：{exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} 不是平台的备份文件（格式应为 {FORMAT}）。")
    return manifest


def restore(archive: Path, *, key_file: Path | None = None) -> dict:
    """Replace the database and the attachment files with the archive's; install its key file if none is here.

    Refuses, before changing anything, an archive of another engine, a damaged dump, or a key file here that
    lacks a key the archive's data may use.
    """
    archive = archive.resolve()
    manifest = read_manifest(archive)
    if manifest["engine"] != connection.vendor:
        raise BackupError(f"备份来自 {manifest['engine']} 数据库，当前配置的是 {connection.vendor}，不能恢复。")
    var_dir = Path(settings.VAR_DIR)
    var_dir.mkdir(parents=True, exist_ok=True)
    Path(settings.DATA_KEY_FILE).parent.mkdir(parents=True, exist_ok=True)  # a new machine: the lock goes there
    with crypto.rotation_lock(), tempfile.TemporaryDirectory(prefix=".paizhu-restore-", dir=var_dir) as work:
        with tarfile.open(archive, "r") as tar:
            tar.extractall(work, filter="data")
        dump = Path(work) / manifest["database"]["member"]
        if not dump.is_file() or _sha256(dump) != manifest["database"]["sha256"]:
            raise BackupError("备份中的数据库文件缺失或已损坏（SHA-256 与清单不符），未做任何恢复。")
        install_key = _key_to_install(manifest, Path(work) / KEY_MEMBER, key_file or key_path_beside(archive))
        connections.close_all()
        _restore_postgresql(dump) if connection.vendor == "postgresql" else _restore_sqlite(dump)
        _replace_files(Path(work) / "files")
        if install_key is not None:
            _write_private(Path(settings.DATA_KEY_FILE), install_key)
    return manifest


# ---------------------------------------------------------------- the key


def _key_to_install(manifest: dict, inside: Path, beside: Path) -> bytes | None:
    """The key file's bytes to write, or None when the key file here already holds every key the data uses."""
    needed = set(manifest["key_ids"])
    here = Path(settings.DATA_KEY_FILE)
    if here.exists():
        missing = needed - {k.id for k in crypto.load_keyring().keys}
        if missing:
            raise BackupError(
                f"现有密钥文件 {here} 缺少备份数据所用的密钥 {'、'.join(sorted(missing))}："
                "它属于另一套系统或早于该备份。请将它移开（不要删除）后再恢复，备份中的密钥文件会被写入该位置。"
            )
        return None
    source = inside if inside.is_file() else beside
    if not source.is_file():
        raise BackupError(
            f"未找到密钥文件：{here} 不存在，备份内也没有密钥。请用 --key 指定与备份分开保管的密钥文件"
            f"（默认为 {beside}）。"
        )
    ring = crypto.read_key_file(source)
    missing = needed - {k.id for k in ring.keys}
    if missing:
        raise BackupError(f"密钥文件 {source} 缺少备份数据所用的密钥 {'、'.join(sorted(missing))}，不能恢复。")
    return source.read_bytes()


def _write_private(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)
        fh.flush()
        os.fsync(fh.fileno())


# ---------------------------------------------------------------- the database


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    env["PGDATABASE"] = connection.settings_dict["NAME"]
    return env


def _run(args: list[str]) -> str:
    try:
        done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"未找到 {args[0]}：请安装与数据库同一大版本的 PostgreSQL 客户端。") from exc
    if done.returncode != 0:
        raise BackupError(f"{args[0]} 失败：{done.stderr.strip()}")
    return done.stdout


def _dump_postgresql(target: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _restore_postgresql(dump: Path) -> None:
    """pg_restore --clean in one transaction. Extensions are created beforehand, not dropped and recreated:
    the service account may not own them (the DBA creates btree_gist, docs/deployment.md)."""
    listing = _run(["pg_restore", "--list", str(dump)]).splitlines()
    extensions = [line.split()[5] for line in listing if " EXTENSION - " in line and "COMMENT" not in line]
    with connection.cursor() as cursor:
        for name in extensions:
            cursor.execute(f'CREATE EXTENSION IF NOT EXISTS "{name}"')
    connection.close()
    kept = [line for line in listing if " EXTENSION - " not in line and " COMMENT - EXTENSION " not in line]
    toc = dump.with_suffix(".list")
    toc.write_text("\n".join(kept) + "\n", encoding="utf-8")
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--use-list={toc}",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )


def _dump_sqlite(target: Path) -> None:
    connection.ensure_connection()
    out = sqlite3.connect(target)
    try:
        connection.connection.backup(out)
    finally:
        out.close()


def _restore_sqlite(dump: Path) -> None:
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


# ---------------------------------------------------------------- files


def _attachment_files() -> list[Path]:
    root = fields.files_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".tmp-"))


def _replace_files(restored: Path) -> None:
    """Swap VAR_DIR/files for the archive's copy (renames on one file system), then drop the old one."""
    root = fields.files_dir()
    restored.mkdir(mode=fields.DIR_MODE, exist_ok=True)
    for path in (restored, *(p for p in restored.rglob("*"))):
        path.chmod(fields.DIR_MODE if path.is_dir() else fields.FILE_MODE)
    old = root.with_name(f".files-before-restore-{os.getpid()}")
    if root.exists():
        os.replace(root, old)
    os.replace(restored, root)
    shutil.rmtree(old, ignore_errors=True)


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    info.mtime = int(datetime.datetime.now(datetime.UTC).timestamp())
    tar.addfile(info, io.BytesIO(content))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
