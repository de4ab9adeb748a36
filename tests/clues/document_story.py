"""A clue's and a case's whole course through the services, so that every document kind is issued once:
函询函 and 了结澄清函 on one clue, 谈话通知书 on another, 初核报告 and the case's 立案决定书, 审理报告 and two
处分决定 (two penalised persons) on a third."""

import datetime

from freezegun import freeze_time

from paizhu.clues import services
from tests.clues.conftest import approve_all

SERVED = datetime.date(2026, 3, 10)  # the day the inquiry was approved: a letter is served no earlier
DECIDED = datetime.date(2026, 6, 20)  # the day 审理室 accepted, submitted and recorded the decision


def play(world, make_clue):
    u = world.users
    with freeze_time("2026-03-10 10:00:00+08:00"):
        letter = make_clue([world.edu_deputy])
        letter = approve_all(
            world, services.propose_disposal(u.zu4a, letter, version=letter.version, method="inquiry", reasons="r")
        )
        letter = services.issue_inquiry(u.zu4a, letter, version=letter.version, mode="letter", on=SERVED)
        letter = services.record_reply(
            u.zu4a, letter, version=letter.version, received_on=SERVED, summary="逐项说明", countersigned=True
        )
        letter = approve_all(
            world,
            services.conclude_inquiry(u.zu4a, letter, version=letter.version, outcome="clarify", opinion="反映失实"),
        )
        talk = make_clue()
        talk = approve_all(
            world, services.propose_disposal(u.zu4a, talk, version=talk.version, method="inquiry", reasons="r")
        )
        talk = services.issue_inquiry(u.zu4a, talk, version=talk.version, mode="talk", on=datetime.date(2026, 3, 10))
        clue = make_clue([world.edu_clerk, world.edu_deputy])
        clue = approve_all(
            world, services.propose_disposal(u.zu4a, clue, version=clue.version, method="verification", reasons="r")
        )
        clue = services.record_verification_plan(u.zu4a, clue, version=clue.version, plan="调取财务凭证，核查账目。")
        clue = approve_all(
            world,
            services.report_verification(
                u.zu4a, clue, version=clue.version, report="反映问题基本属实。", proposal="case"
            ),
        )
    with freeze_time("2026-06-20 10:00:00+08:00"):
        case = clue.case
        case = services.transfer_to_review(
            u.zu4a, case, version=case.version, report="违规发放津补贴12万元，查证属实。"
        )
        case = services.accept_review(u.shenli, case, version=case.version)
        case = services.report_review(u.shenli, case, version=case.version, facts="事实", opinion="处理意见")
        case = services.submit_to_committee(u.shenli, case, version=case.version)
        case = services.decide_case(
            u.shenli,
            case,
            version=case.version,
            decided_on=DECIDED,
            summary="经查，二人违规发放津补贴12万元。",
            form=2,
            party_penalty="严重警告",
            gov_penalty="记过",
            penalty_basis="《中国共产党纪律处分条例》第一百零五条",
        )
    return letter, talk, clue, case
