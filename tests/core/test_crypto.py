import json
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.core.exceptions import ImproperlyConfigured
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from paizhu.core import crypto

AAD = b"intake.report.reporter_name"
SECRET = "实名举报人：张三，电话 13800138000".encode()


@pytest.fixture
def key_file(settings, tmp_path):
    """A fresh SM4 key file of this test's own, as `paizhu keys init` writes it."""
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    settings.VAR_DIR = tmp_path
    settings.DATA_CIPHER = "sm4-gcm"
    crypto.init_key_file()
    return settings.DATA_KEY_FILE


def _keyring_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("cipher", "algorithm", "key_size"), [("sm4-gcm", algorithms.SM4, 16), ("aes-256-gcm", algorithms.AES, 32)]
)
def test_round_trip_with_each_cipher_is_the_standard_gcm_construction(settings, tmp_path, cipher, algorithm, key_size):
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    settings.DATA_CIPHER = cipher
    key = crypto.init_key_file()
    blob = crypto.encrypt(SECRET, AAD)

    assert crypto.decrypt(blob, AAD) == SECRET
    assert SECRET not in blob
    version, key_number, cipher_code, nonce = struct.unpack_from(">BIB12s", blob)
    assert (version, f"{key_number:08x}", cipher_code) == (1, key.id, crypto.CIPHERS[cipher].code)
    assert len(key.secret) == key_size
    # Any SM4/AES-GCM implementation reads it, given the key, the header and the label.
    decryptor = Cipher(algorithm(key.secret), modes.GCM(nonce, blob[-16:])).decryptor()
    decryptor.authenticate_additional_data(blob[:18] + AAD)
    assert decryptor.update(blob[18:-16]) + decryptor.finalize() == SECRET


@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plaintext=st.binary(max_size=2048), aad=st.binary(max_size=64))
def test_any_bytes_round_trip(key_file, plaintext, aad):
    assert crypto.decrypt(crypto.encrypt(plaintext, aad), aad) == plaintext


def test_each_encryption_uses_a_fresh_nonce(key_file):
    first, second = crypto.encrypt(SECRET, AAD), crypto.encrypt(SECRET, AAD)
    assert first != second
    assert first[6:18] != second[6:18]


def test_ciphertext_bound_to_another_place_does_not_decrypt(key_file):
    blob = crypto.encrypt(SECRET, AAD)
    with pytest.raises(crypto.DecryptionError, match="不属于此处"):
        crypto.decrypt(blob, b"intake.report.reporter_phone")


def test_every_flipped_bit_position_is_detected(key_file):
    blob = crypto.encrypt("张三".encode(), AAD)
    for offset in range(len(blob)):
        tampered = bytearray(blob)
        tampered[offset] ^= 0x01
        with pytest.raises(crypto.DecryptionError):
            crypto.decrypt(bytes(tampered), AAD)


def test_truncated_or_foreign_blobs_are_refused(key_file, settings, tmp_path):
    blob = crypto.encrypt(SECRET, AAD)
    with pytest.raises(crypto.DecryptionError, match="长度不足"):
        crypto.decrypt(blob[:20], AAD)
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(blob[:-1], AAD)

    settings.DATA_KEY_FILE = tmp_path / "other.key"
    crypto.init_key_file()
    with pytest.raises(crypto.DecryptionError, match=f"密钥 {crypto.key_id_of(blob)}.*没有该密钥"):
        crypto.decrypt(blob, AAD)


def test_production_refuses_to_invent_a_missing_key(settings, tmp_path):
    settings.DEMO_MODE = False
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    with pytest.raises(ImproperlyConfigured, match="未找到数据密钥文件.*paizhu keys init"):
        crypto.encrypt(SECRET, AAD)
    with pytest.raises(crypto.KeyFileError):
        crypto.ensure_key_file()
    assert not settings.DATA_KEY_FILE.exists()


def test_demo_mode_generates_a_private_key_file(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "var" / "data.key"
    assert crypto.ensure_key_file() == settings.DATA_KEY_FILE
    assert crypto.file_mode(settings.DATA_KEY_FILE) == 0o600
    first = crypto.load_keyring().current
    assert crypto.ensure_key_file() == settings.DATA_KEY_FILE
    assert crypto.load_keyring().current == first


def test_demo_mode_encrypts_without_an_explicit_key_setup(settings, tmp_path):
    settings.DEMO_MODE = True
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    assert crypto.decrypt(crypto.encrypt(SECRET, AAD), AAD) == SECRET
    assert settings.DATA_KEY_FILE.exists()


def test_init_never_overwrites_a_key_file(key_file):
    before = key_file.read_bytes()
    with pytest.raises(FileExistsError):
        crypto.init_key_file()
    assert key_file.read_bytes() == before


def test_world_readable_key_file_is_refused(key_file):
    os.chmod(key_file, 0o644)
    with pytest.raises(crypto.KeyFileError, match="权限过宽（0644）.*chmod 600"):
        crypto.load_keyring()
    os.chmod(key_file, 0o640)  # a group the service account belongs to may read it
    assert crypto.load_keyring().current


@pytest.mark.parametrize(
    ("corrupt", "message"),
    [
        (lambda d: d.update(format="other"), "格式错误"),
        (lambda d: d["keys"][0].update(key="AAAA"), "长度应为 16 字节"),
        (lambda d: d["keys"][0].update(cipher="des"), "不受支持"),
        (lambda d: d["keys"][0].update(state="active"), "有且只有一个当前密钥"),
        (lambda d: d["keys"].append(dict(d["keys"][0])), "编号重复"),
    ],
)
def test_malformed_key_files_are_refused_in_chinese(key_file, corrupt, message):
    data = _keyring_json(key_file)
    corrupt(data)
    key_file.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(crypto.KeyFileError, match=message):
        crypto.load_keyring()


def test_a_changed_key_file_is_picked_up_without_restart(key_file):
    old = crypto.load_keyring().current
    old_blob = crypto.encrypt(SECRET, AAD)
    assert not crypto.needs_rotation(old_blob)

    new, resumed = crypto.begin_rotation()

    assert not resumed and new.id != old.id
    new_blob = crypto.encrypt(SECRET, AAD)
    assert crypto.key_id_of(new_blob) == new.id
    assert crypto.needs_rotation(old_blob) and not crypto.needs_rotation(new_blob)
    assert crypto.decrypt(old_blob, AAD) == SECRET
    assert {k["id"]: k["state"] for k in _keyring_json(key_file)["keys"]} == {old.id: "active", new.id: "current"}
    assert crypto.file_mode(key_file) == 0o600


def test_a_rewritten_key_file_keeps_its_owner_and_group_permission(key_file):
    os.chmod(key_file, 0o640)
    before = os.stat(key_file)
    crypto.begin_rotation()
    after = os.stat(key_file)
    assert after.st_ino != before.st_ino
    assert (after.st_mode & 0o777, after.st_uid, after.st_gid) == (0o640, before.st_uid, before.st_gid)


def test_an_unfinished_rotation_resumes_with_the_same_key_and_retired_keys_still_decrypt(key_file):
    old_blob = crypto.encrypt(SECRET, AAD)
    new, _ = crypto.begin_rotation()
    again, resumed = crypto.begin_rotation()
    assert resumed and again == new
    assert len(crypto.load_keyring().keys) == 2

    retired = crypto.retire_old_keys()

    assert [k.state for k in crypto.load_keyring().keys] == ["retired", "current"]
    assert [k.id for k in retired] == [crypto.key_id_of(old_blob)]
    assert crypto.decrypt(old_blob, AAD) == SECRET
    _, resumed = crypto.begin_rotation()
    assert not resumed and len(crypto.load_keyring().keys) == 3


def test_an_unknown_cipher_setting_is_refused(settings, tmp_path):
    settings.DATA_KEY_FILE = tmp_path / "data.key"
    settings.DATA_CIPHER = "sm4-cbc"
    with pytest.raises(crypto.KeyFileError, match="sm4-gcm 或 aes-256-gcm"):
        crypto.init_key_file()
