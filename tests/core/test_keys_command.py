import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.db.backends.utils import CursorWrapper

from paizhu.audit.models import AuditEntry
from paizhu.core import crypto, fields
from tests.core.test_crypto import key_file  # noqa: F401 - shared fixture
from tests.core.test_fields import CryptoProbe, probe  # noqa: F401 - shared fixture

pytestmark = pytest.mark.usefixtures("key_file", "probe")

VALUES = [
    ("张三", "13800138000"),
    ("李四", None),
    (None, "江临市人民路 1 号"),
    ("王五", "wangwu@example.cn"),
    ("赵六", ""),
]


def keys(*args) -> str:
    out = StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def key_states() -> dict[str, str]:
    ring = json.loads(Path(django_settings.DATA_KEY_FILE).read_text(encoding="utf-8"))
    return {k["id"]: k["state"] for k in ring["keys"]}


def stored_key_ids() -> set[str]:
    usage = fields.key_usage()
    return {kid for f, counter in usage.items() if f.model is CryptoProbe for kid in counter}


@pytest.fixture
def rows(db):
    """Five rows and two attachment files, all under the first key."""
    created = []
    for i, (name, phone) in enumerate(VALUES):
        row = CryptoProbe(name=name, phone=phone, note=f"第{i}条")
        if i < 2:
            row.scan.save(f"扫描件{i}".encode() * 100)
        row.save()
        created.append(row)
    return created


def snapshot():
    return [(r.name, r.phone, r.note, r.scan.read() if r.scan else None) for r in CryptoProbe.objects.order_by("pk")]


def test_init_writes_a_private_key_file_once(settings, tmp_path):
    settings.DATA_KEY_FILE = tmp_path / "fresh.key"
    settings.DATA_CIPHER = "aes-256-gcm"

    out = keys("init")

    assert "已生成数据密钥文件" in out and "备份" in out
    ring = crypto.load_keyring()
    assert [(k.cipher, k.state) for k in ring.keys] == [("aes-256-gcm", "current")]
    assert os.stat(settings.DATA_KEY_FILE).st_mode & 0o777 == 0o600
    with pytest.raises(CommandError, match="已存在，不会覆盖"):
        keys("init")
    assert crypto.load_keyring() == ring


def test_commands_explain_a_missing_key_file(db, settings, tmp_path):
    settings.DEMO_MODE = False
    settings.DATA_KEY_FILE = tmp_path / "missing.key"
    for action in ("status", "rotate"):
        with pytest.raises(CommandError, match="未找到数据密钥文件"):
            keys(action)


def test_status_counts_values_per_key(rows):
    first = crypto.load_keyring().current.id
    out = keys("status")
    assert f"密钥 {first}  sm4-gcm  当前" in out
    assert f"core.cryptoprobe.name（加密探针·姓名）：{first} 4 项" in out
    assert f"core.cryptoprobe.scan（加密探针·扫描件）：{first} 2 项" in out
    assert "legacy.report.name（加密探针·旧字段）：无数据" in out
    assert "其中 0 项未使用当前密钥" in out


def test_rotation_reencrypts_everything_and_retires_the_old_key(rows):
    before = snapshot()
    old = crypto.load_keyring().current.id

    out = keys("rotate", "--batch-size", "2")

    new = crypto.load_keyring().current.id
    assert new != old
    assert key_states() == {old: "retired", new: "current"}
    assert stored_key_ids() == {new}
    assert snapshot() == before
    # 4 names + 4 phones ("" counts, None does not) + 5 notes; 2 files.
    assert "重新加密 13 个字段值、2 个附件文件" in out
    entry = AuditEntry.objects.get(action="security.keys_rotated")
    assert entry.actor is None
    assert entry.details["key_id"] == new
    assert entry.details["retired"] == [old]
    assert entry.details["rows"] == 13 and entry.details["files"] == 2
    assert "合计：15 项，其中 0 项未使用当前密钥" in keys("status")


def test_rotation_switches_to_the_configured_cipher(rows, settings):
    before = snapshot()
    settings.DATA_CIPHER = "aes-256-gcm"
    assert "执行 paizhu keys rotate 后切换" in keys("status")

    keys("rotate")

    assert crypto.load_keyring().current.cipher == "aes-256-gcm"
    assert snapshot() == before
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT name FROM {CryptoProbe._meta.db_table} WHERE name IS NOT NULL")  # noqa: S608
        assert {bytes(blob)[5] for (blob,) in cursor.fetchall()} == {crypto.CIPHERS["aes-256-gcm"].code}


def test_an_interrupted_rotation_loses_nothing_and_resumes(rows, monkeypatch):
    before = snapshot()
    old = crypto.load_keyring().current.id
    real_executemany = CursorWrapper.executemany
    calls = []

    def fail_after_second_batch_is_written(self, sql, param_list):
        result = real_executemany(self, sql, param_list)
        calls.append(sql)
        if len(calls) == 2:
            raise DatabaseError("数据库连接中断")
        return result

    monkeypatch.setattr(CursorWrapper, "executemany", fail_after_second_batch_is_written)
    with pytest.raises(DatabaseError, match="数据库连接中断"):
        keys("rotate", "--batch-size", "2")
    monkeypatch.undo()

    new = crypto.load_keyring().current.id
    assert key_states() == {old: "active", new: "current"}
    assert stored_key_ids() == {old, new}  # the first batch committed, the second rolled back
    assert snapshot() == before
    assert not AuditEntry.objects.filter(action="security.keys_rotated").exists()
    assert "上次密钥轮换尚未完成" in keys("status")

    out = keys("rotate", "--batch-size", "2")

    assert f"续做上次未完成的轮换：{new}" in out
    assert key_states() == {old: "retired", new: "current"}
    assert stored_key_ids() == {new}
    assert snapshot() == before
    assert AuditEntry.objects.get(action="security.keys_rotated").details["resumed"] is True


def test_old_keys_stay_until_no_value_uses_them(rows, monkeypatch):
    """A server still on the old key file could write old-key values during the pass: then nothing is retired."""
    before = snapshot()
    old = crypto.load_keyring().current.id
    real = fields._reencrypt_column
    monkeypatch.setattr(fields, "_reencrypt_column", lambda f, size: 0 if f.name == "note" else real(f, size))

    with pytest.raises(CommandError, match="仍有 5 项数据使用旧密钥"):
        keys("rotate")
    assert key_states()[old] == "active"
    monkeypatch.undo()

    keys("rotate")
    assert key_states()[old] == "retired"
    assert snapshot() == before


def test_a_failed_file_rewrite_leaves_the_original_intact(rows, monkeypatch):
    before = snapshot()

    real_replace = os.replace

    def full_disk(src, dst):
        if fields.files_dir() in Path(dst).parents:
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        keys("rotate")
    monkeypatch.undo()

    assert snapshot() == before
    leftovers = [p for p in fields.files_dir().rglob("*") if p.is_file() and p.name.startswith(".tmp-")]
    assert leftovers == []
    keys("rotate")
    assert snapshot() == before
    assert len(stored_key_ids()) == 1


def test_a_tampered_value_stops_the_rotation_and_is_named(rows):
    before = snapshot()
    old = crypto.load_keyring().current.id
    victim = rows[3]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {CryptoProbe._meta.db_table} SET phone = name WHERE id = %s", [victim.pk])  # noqa: S608

    with pytest.raises(CommandError, match=f"core.cryptoprobe.phone.*主键 {victim.pk}"):
        keys("rotate")

    assert key_states()[old] == "active"
    unaffected = CryptoProbe.objects.order_by("pk").values_list("name", "note")
    assert list(unaffected) == [(name, note) for name, _, note, _ in before]
