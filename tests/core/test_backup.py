"""`paizhu backup` / `paizhu restore`: a round trip on the engine the suite runs on (SQLite, or PostgreSQL when
PAIZHU_TEST_DATABASE_URL is set — its own test database), after which the chain verifies and the encrypted
records read back."""

import io
import json
import shutil
import stat
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from paizhu.audit.services import chain_head
from paizhu.core import backup, fields
from paizhu.intake import services
from paizhu.intake.models import Report
from paizhu.intake.services import Identity, Upload
from tests.intake.conftest import report_input
from tests.samples import pdf_bytes

pytestmark = pytest.mark.django_db(transaction=True)

LETTER = pdf_bytes("letter of the reporter")


def _verify() -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", "--no-record", stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def own_files(settings, tmp_path):
    # The worker's VAR_DIR holds other tests' attachments, and a restore replaces that folder: each test gets its own.
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def reported(own_files, world):
    identity = Identity(name="刘晓燕", unit="市第一中学", contact="13812345678")
    report, _ = services.submit_public_report(
        report_input(unit=world.edu, identity=identity, uploads=[Upload("举报信.pdf", LETTER)])
    )
    return report


def test_round_trip_restores_records_files_and_a_verifying_chain(reported, world, tmp_path):
    head = chain_head()
    archive = tmp_path / "paizhu.tar"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert "附件 1 个" in out.getvalue()
    key_copy = backup.key_path_beside(archive)
    assert stat.S_IMODE(archive.stat().st_mode) == stat.S_IMODE(key_copy.stat().st_mode) == 0o600
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert backup.KEY_MEMBER not in names  # the key stays apart unless asked for
    assert any(n.startswith("files/") for n in names)

    # After the backup: another report, and the attachment files lost.
    services.submit_public_report(report_input(unit=world.fin))
    shutil.rmtree(fields.files_dir())
    assert Report.objects.count() == 2

    call_command("restore", str(archive), "--no-input", stdout=io.StringIO())

    assert list(Report.objects.values_list("pk", flat=True)) == [reported.pk]
    back = Report.objects.get()
    assert (back.reporter_name, back.reporter_contact) == ("刘晓燕", "13812345678")
    assert back.attachments.get().file.read() == LETTER
    assert chain_head() == head
    code, message = _verify()
    assert code == 0, message
    # The restored database goes on working: a new report continues the chain.
    services.submit_public_report(report_input(unit=world.fin))
    assert _verify()[0] == 0


def test_restore_on_a_machine_without_the_key_installs_it_from_the_separate_copy(reported, tmp_path, settings):
    archive = tmp_path / "paizhu.tar"
    backup.create(archive)
    settings.DATA_KEY_FILE = tmp_path / "new-machine" / "data.key"
    backup.restore(archive)
    assert stat.S_IMODE(settings.DATA_KEY_FILE.stat().st_mode) == 0o600
    assert Report.objects.get().reporter_name == "刘晓燕"


def test_the_key_inside_the_archive_when_asked_for(reported, tmp_path, settings):
    archive = tmp_path / "paizhu.tar"
    result = backup.create(archive, include_key=True)
    assert result.key_file is None and not backup.key_path_beside(archive).exists()
    settings.DATA_KEY_FILE = tmp_path / "new-machine" / "data.key"
    backup.restore(archive)
    assert Report.objects.get().attachments.get().file.read() == LETTER


def test_no_key_anywhere_is_refused_before_anything_changes(reported, world, tmp_path, settings):
    archive = tmp_path / "paizhu.tar"
    backup.create(archive)
    backup.key_path_beside(archive).unlink()
    services.submit_public_report(report_input(unit=world.fin))
    real_key = settings.DATA_KEY_FILE
    settings.DATA_KEY_FILE = tmp_path / "new-machine" / "data.key"
    with pytest.raises(backup.BackupError, match="未找到密钥文件"):
        backup.restore(archive)
    settings.DATA_KEY_FILE = real_key
    assert Report.objects.count() == 2


def test_a_key_file_of_another_installation_is_refused(reported, tmp_path, settings):
    from paizhu.core import crypto

    archive = tmp_path / "paizhu.tar"
    backup.create(archive)
    settings.DATA_KEY_FILE = tmp_path / "other" / "data.key"
    crypto.init_key_file()
    with pytest.raises(backup.BackupError, match="缺少备份数据所用的密钥"):
        backup.restore(archive)
    assert Report.objects.count() == 1


def test_a_damaged_dump_or_another_engine_is_refused(reported, world, tmp_path):
    archive = tmp_path / "paizhu.tar"
    manifest = backup.create(archive).manifest
    services.submit_public_report(report_input(unit=world.fin))

    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else b""
            if member.name == manifest["database"]["member"]:
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(member, io.BytesIO(data))
    with pytest.raises(backup.BackupError, match="已损坏"):
        backup.restore(damaged, key_file=backup.key_path_beside(archive))

    other = tmp_path / "other.tar"
    foreign = dict(manifest, engine="oracle")
    with tarfile.open(other, "w") as tar:
        content = json.dumps(foreign).encode()
        info = tarfile.TarInfo(backup.MANIFEST)
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    with pytest.raises(CommandError, match=f"当前配置的是 {connection.vendor}"):
        call_command("restore", str(other), "--no-input")
    assert Report.objects.count() == 2


def test_backup_refuses_to_overwrite(reported, tmp_path):
    archive = tmp_path / "paizhu.tar"
    archive.write_bytes(b"earlier")
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"earlier"
