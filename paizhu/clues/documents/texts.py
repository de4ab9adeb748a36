"""The text of the clue module's document templates, and how the shipped .docx files are built from it.

Each template is a list of paragraphs `(style, text)` with docxtpl (Jinja) placeholders, laid out by the
kernel (`workflow.docx_layout`, GB/T 9704) under the 版头 (份号, 密级, issuing organ, 文号, red line). The
date line prints the stored issue date (`issued_on`), a draft says so instead. After changing a text, rebuild
the shipped files:

    paizhu shell -c "from paizhu.clues.documents import texts; texts.write_shipped()"
"""

from paizhu.workflow import docx_layout

from . import SHIPPED

DATE = "{% if draft %}（草稿，印发时填写成文日期）{% else %}{{ issued_on }}{% endif %}"
REPLY_TO = (
    "{% if main_leader %}直接报送{{ commission }}{% else %}经所在单位主要负责人签字后报送{{ handled_by }}{% endif %}"
)

TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "inquiry": [
        ("title", "函询函"),
        ("plain", "{{ names }}同志："),
        ("body", "根据有关规定，经研究，现就反映你的有关问题向你函询。反映的主要问题是：{{ clue.summary }}"),
        (
            "body",
            "请你本着对组织忠诚老实的态度，在收到本函之日起{{ reply_days }}个工作日内，"
            "对反映的问题逐项作出书面说明，" + REPLY_TO + "。",
        ),
        ("body", "线索编号：{{ clue.serial }}"),
        ("sign", "{{ handled_by }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ unit }}、{{ handled_by }}组长。"),
    ],
    "talk_notice": [
        ("title", "谈话通知书"),
        ("plain", "{{ names }}同志："),
        ("body", "根据有关规定，经研究，决定就反映你的有关问题与你谈话。请你按照通知的时间、地点准时参加谈话。"),
        (
            "body",
            "谈话时请你本着对组织忠诚老实的态度，如实说明有关情况。谈话后，{{ handled_by }}将根据谈话情况提出处理意见。",
        ),
        ("body", "线索编号：{{ clue.serial }}"),
        ("sign", "{{ handled_by }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ unit }}。"),
    ],
    "clarification": [
        ("title", "了结澄清函"),
        ("plain", "{{ names }}同志："),
        (
            "body",
            "{{ handled_by }}对反映你的有关问题进行了谈话函询。经了解核实，反映的问题失实，予以了结澄清。",
        ),
        ("body", "希望你正确对待，放下思想包袱，继续严格要求自己，积极干事创业。"),
        ("body", "线索编号：{{ clue.serial }}"),
        ("sign", "{{ handled_by }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ unit }}。"),
    ],
    "verification_report": [
        ("title", "关于{{ names }}问题线索的初步核实情况报告"),
        ("plain", "{{ commission }}："),
        ("h1", "一、线索来源及反映的主要问题"),
        (
            "body",
            "本线索（编号{{ clue.serial }}）来源于{{ source }}，于{{ received }}受理。反映{{ unit }}{{ names }}{{ clue.summary }}",
        ),
        ("h1", "二、初步核实工作开展情况"),
        ("body", "{{ clue.verification_plan }}"),
        ("h1", "三、初步核实情况及处理建议"),
        ("body", "{{ clue.verification_report }}"),
        ("body", "核查组成员（签名）：{{ team }}"),
        ("sign", "{{ handled_by }}"),
        ("sign", DATE),
    ],
    "case_filing": [
        ("title", "立案决定书"),
        (
            "body",
            "经初步核实，{{ unit }}{{ names }}涉嫌违纪违法问题，根据《中国共产党纪律检查机关监督执纪工作规则》"
            "和《中华人民共和国监察法》有关规定，经批准，决定对{{ names }}立案审查调查。",
        ),
        ("body", "案件编号：{{ case.serial }}。立案日期：{{ filed }}。审查调查期限至{{ investigation_due }}。"),
        ("sign", "{{ commission }}"),
        ("sign", DATE),
    ],
    "review_report": [
        ("title", "关于{{ names }}案件的审理报告"),
        ("plain", "{{ commission }}："),
        ("h1", "一、案件基本情况"),
        (
            "body",
            "{{ unit }}{{ names }}案（案件编号{{ case.serial }}）于{{ filed }}立案审查调查，"
            "{% if accepted %}案件审理室于{{ accepted }}受理。{% else %}已移送案件审理室。{% endif %}",
        ),
        ("h1", "二、审查调查认定的事实"),
        ("body", "{{ case.investigation_report }}"),
        ("h1", "三、审理意见"),
        (
            "body",
            "{% if decided %}经审理，{{ facts }}。建议认定为{{ form_label }}，给予{{ names }}{{ penalties }}。"
            "{% else %}（审理意见待审理室提出。）{% endif %}",
        ),
        ("sign", "{{ commission }}案件审理室"),
        ("sign", DATE),
    ],
    "penalty_decision": [
        ("title", "关于给予{{ person.name }}{{ penalties }}的决定"),
        ("body", "{{ person.name }}，{{ person_unit }}{{ person.post }}。"),
        ("body", "经查，{{ facts }}。"),
        (
            "body",
            "依据{{ case.penalty_basis }}，经{{ commission }}常委会会议研究，决定给予{{ person.name }}{{ penalties }}。",
        ),
        ("body", "如不服本决定，可自收到本决定之日起一个月内向{{ commission }}提出申诉。"),
        ("sign", "{{ commission }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ person_unit }}。"),
    ],
}


def write_shipped() -> None:
    for name, paragraphs in TEMPLATES.items():
        docx_layout.build(paragraphs, letterhead=True).save(SHIPPED / f"{name}.docx")
