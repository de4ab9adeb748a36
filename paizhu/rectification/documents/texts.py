"""The text of the rectification documents, one per kind, and how the shipped .docx files are built from it.

Each is a list of paragraphs `(style, text)` with docxtpl placeholders, laid out by `workflow.docx_layout`
(GB/T 9704) under the 版头. After changing a text, rebuild the shipped files:

    paizhu shell -c "from paizhu.rectification.documents import texts; texts.write_shipped()"
"""

from paizhu.workflow import docx_layout

from . import SHIPPED

DATE = "{% if draft %}（草稿，印发时填写成文日期）{% else %}{{ issued_on }}{% endif %}"

ITEMS = [
    ("tag", "{%p for item in items %}"),
    ("body", "{{ item.number }}. {{ item.requirement }}（整改期限：{{ item.due }}）"),
    ("tag", "{%p endfor %}"),
]


def _letter(closing: str, *, binding: bool = False) -> list[tuple[str, str]]:
    return [
        ("title", "{{ demand.title }}"),
        ("plain", "{{ demand.addressee }}："),
        (
            "body",
            "{{ organ }}在日常监督中{% if source %}（{{ source }}）{% endif %}发现，你单位存在以下问题，"
            "现提出{{ kind_label }}如下。",
        ),
        ("h1", "一、存在的主要问题"),
        ("body", "{{ demand.problems }}"),
        ("h1", "二、问题产生的原因"),
        ("body", "{% if demand.causes %}{{ demand.causes }}{% else %}请你单位认真剖析问题产生的原因。{% endif %}"),
        ("h1", "三、整改建议"),
        ("body", "{% if demand.measures %}{{ demand.measures }}{% else %}请对照下列事项逐项整改。{% endif %}"),
        ("h1", "四、整改事项"),
        *ITEMS,
        ("h1", "五、有关要求"),
        (
            "body",
            "请你单位党组（党委）高度重视，逐项明确责任人、整改措施和完成时限，"
            "于{{ reply_due }}前将整改情况书面报送{{ organ }}，整改报告须经党组（党委）书记签发。" + closing,
        ),
        *(
            [
                (
                    "body",
                    "根据《中华人民共和国监察法》有关规定，监察建议具有法律效力，你单位无正当理由拒不采纳的，将依法追究责任。",
                )
            ]
            if binding
            else []
        ),
        ("sign", "{{ organ }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ demand.copies|default('无', true) }}。"),
    ]


TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "discipline": _letter("整改不到位的，将依规依纪追究有关人员责任。"),
    "supervisory": _letter("对整改不力的，将依法依规严肃问责。", binding=True),
    "combined": _letter("整改不到位的，将依规依纪依法追究有关人员责任。", binding=True),
    "opinion": [
        ("title", "{{ demand.title }}"),
        ("plain", "{{ demand.addressee }}："),
        ("body", "{{ organ }}在监督中发现以下问题，现提出监督意见，请认真研究落实。"),
        ("h1", "一、发现的问题"),
        ("body", "{{ demand.problems }}"),
        ("h1", "二、意见建议"),
        ("body", "{% if demand.measures %}{{ demand.measures }}{% else %}请对照下列事项逐项整改。{% endif %}"),
        *ITEMS,
        ("body", "请于{{ reply_due }}前将落实情况书面反馈{{ organ }}。"),
        ("sign", "{{ organ }}"),
        ("sign", DATE),
        ("cc", "抄送：{{ demand.copies|default('无', true) }}。"),
    ],
    "notice": [
        ("title", "{{ demand.title }}"),
        ("plain", "{{ demand.addressee }}："),
        ("body", "近期，{{ organ }}在监督中关注到以下情况，特此提示："),
        ("body", "{{ demand.problems }}"),
        *ITEMS,
        ("body", "请举一反三、及时纠正，并于{{ reply_due }}前将有关情况反馈{{ organ }}。"),
        ("sign", "{{ organ }}"),
        ("sign", DATE),
    ],
}


def write_shipped() -> None:
    for name, paragraphs in TEMPLATES.items():
        docx_layout.build(paragraphs, letterhead=True).save(SHIPPED / f"{name}.docx")
