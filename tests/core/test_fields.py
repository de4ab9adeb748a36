import os
import re

import pytest
from django import forms
from django.apps.registry import Apps
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.migrations.state import ModelState
from django.test.utils import isolate_apps

from paizhu.core import crypto, fields
from paizhu.core.fields import EncryptedFileField, EncryptedTextField
from tests.core.test_crypto import key_file  # noqa: F401 - a fixture shared with the key command tests

pytestmark = pytest.mark.usefixtures("key_file")

NAME = "张三"
PHONE = "13800138000"
SCAN = "举报材料：某局长收受礼金。".encode() * 50


with isolate_apps("tests.core"):

    class CryptoProbe(models.Model):  # noqa: DJ008 - never displayed
        """Encrypted columns of every kind, on a table that exists only while these tests run."""

        name = EncryptedTextField("姓名", null=True)
        phone = EncryptedTextField("电话", null=True, blank=True, max_length=20)
        note = EncryptedTextField("备注", blank=True)
        renamed = EncryptedTextField("旧字段", null=True, aad_label="legacy.report.name")
        scan = EncryptedFileField("扫描件", blank=True)

        class Meta:
            app_label = "core"
            verbose_name = "加密探针"


# Registered only while its table exists, so that rotations in other tests never look for it.
_PROBE_FIELDS = {k: fields._registry.pop(k) for k in list(fields._registry) if fields._registry[k].model is CryptoProbe}


@pytest.fixture(scope="module")
def probe(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.create_model(CryptoProbe)
    fields._registry.update(_PROBE_FIELDS)
    yield CryptoProbe
    for k in _PROBE_FIELDS:
        del fields._registry[k]
    with django_db_blocker.unblock(), connection.schema_editor() as editor:
        editor.delete_model(CryptoProbe)


def raw_row(probe, pk):
    table = probe._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - the table name is ours
        return cursor.fetchone()


def test_values_round_trip_and_empty_values_keep_their_meaning(db, probe):
    row = probe.objects.create(name=NAME, phone=None, note="")
    row = probe.objects.get(pk=row.pk)
    assert (row.name, row.phone, row.note, row.renamed) == (NAME, None, "", None)
    assert list(probe.objects.values_list("name", flat=True)) == [NAME]


def test_the_database_holds_no_plaintext(db, probe):
    row = probe.objects.create(name=NAME, phone=PHONE, note="实名举报，住址：江临市某小区")
    stored = raw_row(probe, row.pk)
    dump = b"".join(bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode() for v in stored)
    for secret in (NAME, PHONE, "江临市"):
        assert secret.encode("utf-8") not in dump
        assert secret.encode("gb18030") not in dump
        assert secret.encode("utf-16-le") not in dump
    columns = [c.column for c in probe._meta.concrete_fields]
    name_blob = bytes(stored[columns.index("name")])
    assert crypto.decrypt(name_blob, b"core.cryptoprobe.name") == NAME.encode()


def test_a_ciphertext_copied_to_another_column_does_not_decrypt(db, probe):
    row = probe.objects.create(name=NAME, phone=PHONE)
    table = probe._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET phone = name WHERE id = %s", [row.pk])  # noqa: S608
    with pytest.raises(crypto.DecryptionError, match="core.cryptoprobe.phone"):
        probe.objects.get(pk=row.pk)


def test_only_isnull_lookups_are_allowed(db, probe):
    probe.objects.create(name=NAME, phone=None)
    probe.objects.create(name=None, phone=PHONE)
    assert list(probe.objects.filter(name__isnull=False).values_list("name", flat=True)) == [NAME]
    assert list(probe.objects.filter(phone__isnull=False).values_list("phone", flat=True)) == [PHONE]
    with pytest.raises(FieldError, match="加密字段 core.cryptoprobe.name 不能按内容查询（exact）"):
        probe.objects.filter(name=NAME)
    with pytest.raises(FieldError, match="不能按内容查询（icontains）"):
        probe.objects.filter(name__icontains="张")
    with pytest.raises(FieldError, match="不能按内容查询（length）"):
        probe.objects.filter(name__length__gt=1)


def test_non_text_values_are_refused(db, probe):
    with pytest.raises(TypeError, match="只接受 str"):
        probe.objects.create(name=b"raw bytes")


def test_an_explicit_label_keeps_renamed_fields_readable(db, probe):
    row = probe.objects.create()
    table = probe._meta.db_table
    legacy = crypto.encrypt(NAME.encode(), b"legacy.report.name")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET renamed = %s WHERE id = %s", [legacy, row.pk])  # noqa: S608
    assert probe.objects.get(pk=row.pk).renamed == NAME


def test_fields_register_themselves_but_migration_states_do_not(probe):
    labels = [f.label for f in fields.encrypted_fields() if f.model is probe]
    assert labels == [
        "core.cryptoprobe.name",
        "core.cryptoprobe.note",
        "core.cryptoprobe.phone",
        "legacy.report.name",
        "core.cryptoprobe.scan",
    ]
    before = dict(fields._registry)
    historical = ModelState.from_model(probe).render(Apps(["tests.core"]))
    assert historical.__module__ == "__fake__"
    assert fields._registry == before
    assert historical._meta.get_field("renamed").label == "legacy.report.name"
    assert historical._meta.get_field("phone").max_length == 20


def test_encrypted_text_cannot_be_unique_or_indexed(monkeypatch):
    monkeypatch.setattr(fields, "_registry", dict(fields._registry))
    with isolate_apps("tests.core"):

        class Indexed(models.Model):  # noqa: DJ008 - never displayed
            secret = EncryptedTextField(db_index=True)

            class Meta:
                app_label = "core"

    assert [e.id for e in Indexed.check()] == ["paizhu_core.E001"]


def test_form_field_validates_the_plaintext(db, probe):
    form_class = forms.modelform_factory(probe, fields=["name", "phone"])
    form = form_class(data={"name": NAME, "phone": ""})
    assert form.is_valid()
    assert form.cleaned_data == {"name": NAME, "phone": None}
    assert isinstance(form.fields["name"].widget, forms.Textarea)
    assert not form_class(data={"name": NAME, "phone": "1" * 21}).is_valid()


def test_attachment_is_encrypted_on_disk_under_a_random_name(db, probe, settings):
    row = probe(name=NAME)
    row.scan.save(SimpleUploadedFile("张三的举报材料.pdf", SCAN))
    row.save()

    row = probe.objects.get(pk=row.pk)
    assert row.scan.read() == SCAN
    name = row.scan.name
    assert re.fullmatch(r"[0-9a-f]{32}", name)
    path = settings.VAR_DIR / "files" / name[:2] / name
    on_disk = path.read_bytes()
    assert SCAN[:30] not in on_disk and "张三".encode() not in on_disk
    assert oct(os.stat(path).st_mode & 0o777) == oct(0o600)
    assert oct(os.stat(path.parent).st_mode & 0o777) == oct(0o700)


def test_an_attachment_moved_to_another_name_or_column_does_not_decrypt():
    name = fields.store_encrypted_file(SCAN, b"intake.reportattachment.file")
    other = fields.store_encrypted_file(b"x", b"intake.reportattachment.file")
    assert fields.open_decrypted(name, b"intake.reportattachment.file") == SCAN

    other_path = fields.files_dir() / other[:2] / other
    other_path.write_bytes((fields.files_dir() / name[:2] / name).read_bytes())
    with pytest.raises(crypto.DecryptionError):
        fields.open_decrypted(other, b"intake.reportattachment.file")
    with pytest.raises(crypto.DecryptionError):
        fields.open_decrypted(name, b"clues.evidence.file")


def test_attachment_names_cannot_escape_the_files_directory():
    with pytest.raises(ValueError, match="非法的加密文件名"):
        fields.open_decrypted("../../data.key", b"x")


def test_a_missing_attachment_is_reported_in_chinese(db, probe):
    row = probe(name=NAME)
    row.scan.save(b"content")
    path = fields.files_dir() / row.scan.name[:2] / row.scan.name
    path.unlink()
    with pytest.raises(FileNotFoundError, match="加密文件缺失"):
        row.scan.read()
    assert not probe(name=NAME).scan
