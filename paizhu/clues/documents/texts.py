"""The text of the clue module's document templates, and how the shipped .docx files are built from it.

Each template is a list of paragraphs `(style, text)` with docxtpl (Jinja) placeholders, laid out by the
kernel (`workflow.docx_layout`, GB/T 9704). After changing a text, rebuild the shipped files:

    paizhu shell -c "from paizhu.clues.documents import texts; texts.write_shipped()"
"""

from paizhu.workflow import docx_layout

from . import SHIPPED

TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "inquiry": [
        ("title", "{{ doc_title }}"),
        ("center", "{{ clue.serial }}"),
        ("plain", "{{ names }}同志："),
        (
            "body",
            "根据有关规定，经研究，现就反映你的有关问题{% if clue.inquiry_mode == 'talk' %}与你谈话{% else %}向你函询{% endif %}。"
            "反映的主要问题是：{{ clue.summary }}",
        ),
        (
            "body",
            "请你本着对组织忠诚老实的态度，在收到本函之日起{{ reply_days }}个工作日内，"
            "对反映的问题作出书面说明，{% if main_leader %}直接报送{{ commission }}{% else %}经所在单位主要负责人签字后报送{{ handled_by }}{% endif %}。",
        ),
        ("body", "抄送：{{ unit }}、{{ handled_by }}组长。"),
        ("sign", "{{ handled_by }}"),
        ("sign", "{{ today }}"),
    ],
    "verification_report": [
        ("title", "关于{{ names }}问题线索的初步核实情况报告"),
        ("center", "{{ clue.serial }}"),
        ("body", "一、线索来源及反映的主要问题"),
        ("body", "本线索来源于{{ source }}，于{{ received }}受理。反映{{ unit }}{{ names }}{{ clue.summary }}"),
        ("body", "二、初步核实工作开展情况"),
        ("body", "{{ clue.verification_plan }}"),
        ("body", "三、初步核实情况及处理建议"),
        ("body", "{{ clue.verification_report }}"),
        ("body", "核查组成员（签名）：{{ team }}"),
        ("sign", "{{ handled_by }}"),
        ("sign", "{{ today }}"),
    ],
    "case_filing": [
        ("title", "立案决定书"),
        ("center", "{{ case.serial }}"),
        (
            "body",
            "经初步核实，{{ unit }}{{ names }}涉嫌违纪违法问题，根据《中国共产党纪律检查机关监督执纪工作规则》"
            "和《中华人民共和国监察法》有关规定，经批准，决定对{{ names }}立案审查调查。",
        ),
        ("body", "立案日期：{{ filed }}。审查调查期限至{{ investigation_due }}。"),
        ("sign", "{{ commission }}"),
        ("sign", "{{ today }}"),
    ],
    "penalty_decision": [
        ("title", "关于给予{{ names }}{{ penalties }}的决定"),
        ("center", "{{ case.serial }}"),
        ("body", "{{ names }}，{{ unit }}{{ posts }}。"),
        ("body", "经查，{{ case.decision_summary }}"),
        (
            "body",
            "根据有关规定，经{{ commission }}常委会会议研究，决定给予{{ names }}{{ penalties }}。",
        ),
        ("body", "如不服本决定，可自收到本决定之日起一个月内提出申诉。"),
        ("sign", "{{ commission }}"),
        ("sign", "{{ decided }}"),
    ],
}


def write_shipped() -> None:
    for name, paragraphs in TEMPLATES.items():
        docx_layout.build(paragraphs).save(SHIPPED / f"{name}.docx")
