"""The layering contract (pyproject.toml, `[tool.importlinter]`, run by `make lint`) is a real check:
the project as it stands keeps it, and a copy of the project with one upward import breaks it."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _copy(tmp_path: Path) -> Path:
    """The package's Python files and the contract, in a directory of their own."""
    shutil.copytree(ROOT / "paizhu", tmp_path / "paizhu", ignore=shutil.ignore_patterns("static", "templates", "*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _lint(project: Path) -> subprocess.CompletedProcess:
    # PYTHONPATH first: the copy's `paizhu` is analysed, not the installed one.
    return subprocess.run(  # noqa: S603 - our own virtualenv's lint-imports on a copy of our own code
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_project_keeps_its_layers(tmp_path):
    result = _lint(_copy(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "upward"),
    [
        ("core/search.py", "from paizhu.clues.models import Clue  # noqa\n"),  # core naming a business app
        ("access/policy.py", "\n\ndef _coverage():\n    from paizhu.org.models import Coverage  # noqa\n"),
        ("audit/services.py", "from paizhu import access  # noqa\n"),  # the old access -> audit -> access cycle
        ("org/models.py", "from paizhu.accounts.models import User  # noqa\n"),
        ("clues/views.py", "from paizhu.api.api import api  # noqa\n"),  # api mounts the apps, never the reverse
    ],
)
def test_an_upward_import_breaks_the_contract(tmp_path, module, upward):
    project = _copy(tmp_path)
    path = project / "paizhu" / module
    path.write_text(path.read_text() + upward)
    result = _lint(project)
    assert result.returncode == 1, result.stdout
    assert "1 broken" in result.stdout
    importer = "paizhu." + module.removesuffix(".py").replace("/", ".")
    assert importer in result.stdout  # the report names the offending import
