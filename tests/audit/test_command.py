import io

import pytest
from django.core.management import CommandError, call_command

from paizhu import cli
from paizhu.audit.models import AuditEntry
from paizhu.audit.services import chain_head

from .helpers import tamper


def _verify(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_an_intact_chain_exits_zero_and_records_the_check(world):
    seq, head = chain_head()
    code, out, err = _verify()
    assert (code, err) == (0, "")
    assert out.strip() == f"审计链完整：共 {seq} 条，链头 {head}"
    check = AuditEntry.objects.get(seq=seq + 1)
    assert check.action == "audit.verified"
    assert check.actor is None
    assert check.details["ok"] is True
    assert (check.details["count"], check.details["head_hash"]) == (seq, head)
    # The check's own entry is part of the chain the next check verifies.
    assert _verify()[1].strip() == f"审计链完整：共 {seq + 1} 条，链头 {check.hash}"


def test_a_broken_chain_exits_non_zero_naming_the_first_broken_entry(world):
    tamper("UPDATE audit_auditentry SET action = %s WHERE seq = %s", ("auth.logout", 4))
    code, out, err = _verify()
    assert code == 1
    assert out == ""
    assert "审计链校验未通过：第 4 条记录——记录内容与哈希不一致" in err
    assert "此前 3 条记录校验通过" in err
    failed = AuditEntry.objects.filter(action="audit.verified").get()
    assert (failed.details["ok"], failed.details["broken_seq"]) == (False, 4)


def test_no_record_leaves_the_trail_untouched(world):
    before = chain_head()
    assert _verify("--no-record")[0] == 0
    assert chain_head() == before


def test_anchors_are_checked_and_must_look_like_hashes(world):
    _, head = chain_head()
    assert _verify("--anchor", head.upper(), "--no-record")[0] == 0
    code, _, err = _verify("--anchor", "e" * 64, "--no-record")
    assert code == 1
    assert f"外部留存的链头哈希 {'e' * 64} 不在审计链中" in err
    with pytest.raises(CommandError, match="不是有效的链头哈希"):
        call_command("audit", "verify", "--anchor", "1234")


def test_the_paizhu_console_script_dispatches_to_the_command(world, capsys):
    cli.main(["paizhu", "audit", "verify", "--no-record"])
    assert capsys.readouterr().out.startswith("审计链完整：共 ")
