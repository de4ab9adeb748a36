"""The files under deploy/ are what docs/deployment.md tells an operator to install: the gunicorn configuration
imports and gunicorn accepts every setting; systemd accepts the units (systemd-analyze verify, with this
checkout's virtualenv in place of /opt/paizhu/venv); Nginx accepts the site (nginx -t). A missing tool skips,
saying which."""

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent


def test_the_gunicorn_configuration_imports_and_every_setting_is_gunicorns():
    from gunicorn.config import Config

    from paizhu import gunicorn_conf

    config = Config()
    ours = {k: v for k, v in vars(gunicorn_conf).items() if not k.startswith("_") and k != "os"}
    assert set(ours) <= set(config.settings), set(ours) - set(config.settings)
    for name, value in ours.items():
        config.set(name, value)
    assert config.bind == ["127.0.0.1:8000"] and config.wsgi_app == "paizhu.wsgi:application"
    assert "%(h)s" not in config.access_log_format and "%(a)s" not in config.access_log_format  # no client address


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="没有 systemd-analyze：未校验 systemd 单元文件")
@pytest.mark.parametrize("unit", sorted(p.name for p in (DEPLOY / "systemd").iterdir()))
def test_systemd_accepts_the_unit(unit, tmp_path):
    text = (DEPLOY / "systemd" / unit).read_text(encoding="utf-8").replace("/opt/paizhu/venv/bin", str(VENV_BIN))
    (tmp_path / unit).write_text(text, encoding="utf-8")
    if unit.endswith(".timer"):
        service = unit.replace(".timer", ".service")
        (tmp_path / service).write_text(
            (DEPLOY / "systemd" / service).read_text(encoding="utf-8").replace("/opt/paizhu/venv/bin", str(VENV_BIN)),
            encoding="utf-8",
        )
    done = subprocess.run(  # noqa: S603
        ["systemd-analyze", "verify", str(tmp_path / unit)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    )
    complaints = [line for line in done.stderr.splitlines() if str(tmp_path) in line or unit in line]
    assert done.returncode == 0 and not complaints, done.stderr


def _self_signed(directory: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "paizhu.jw.local")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    crt, pem = directory / "paizhu.crt", directory / "paizhu.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pem.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return crt, pem


@pytest.mark.skipif(
    shutil.which("nginx") is None, reason="没有 nginx（apt-get install nginx-light）：未校验 Nginx 配置"
)
def test_nginx_accepts_the_site(tmp_path):
    crt, pem = _self_signed(tmp_path)
    site = (
        (DEPLOY / "nginx" / "paizhu.conf")
        .read_text(encoding="utf-8")
        .replace("/etc/nginx/tls/paizhu.crt", str(crt))
        .replace("/etc/nginx/tls/paizhu.key", str(pem))
        .replace("/var/log/nginx/", f"{tmp_path}/")
    )
    (tmp_path / "paizhu.conf").write_text(site, encoding="utf-8")
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  include {DEPLOY / 'nginx' / 'paizhu-log.conf'};\n  include {tmp_path / 'paizhu.conf'};\n}}\n",
        encoding="utf-8",
    )
    done = subprocess.run(  # noqa: S603
        ["nginx", "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr
