"""What each kind of activity asks for: its own fields, which of them are required, and their words.

The form of a kind shows only its fields; the service refuses a missing required one and blanks the
fields a kind does not have, so a record never carries a 末位表态 from a 谈心谈话.
"""

from dataclasses import dataclass, field

from .models import Kind

# The fields every kind has (the service checks them itself).
COMMON = ("held_on", "units", "persons", "participants", "place", "content")
# The fields only some kinds have.
SPECIFIC = ("topic", "meeting", "major_items", "last_word", "opinion", "materials", "report")


@dataclass(frozen=True)
class KindSpec:
    kind: str
    fields: tuple[str, ...] = ()  # of SPECIFIC, in the form's order
    required: frozenset[str] = frozenset()  # of SPECIFIC, plus "persons" for talks
    labels: dict[str, str] = field(default_factory=dict)  # words differing from the model's
    hint: str = ""  # one line under the kind's title

    @property
    def label(self) -> str:
        return Kind(self.kind).label


def _spec(kind, fields=(), required=(), hint="", **labels) -> KindSpec:
    return KindSpec(kind, tuple(fields), frozenset(required), labels, hint)


SPECS: dict[str, KindSpec] = {
    s.kind: s
    for s in (
        _spec(
            Kind.INSPECTION,
            ["topic"],
            ["topic"],
            "到驻在部门检查制度执行、工作落实等情况",
            topic="检查事项",
            content="检查情况",
        ),
        _spec(
            Kind.SPECIAL, ["topic"], ["topic"], "围绕某一主题开展的专项监督", topic="专项监督主题", content="监督情况"
        ),
        _spec(
            Kind.MEETING,
            ["meeting", "major_items", "last_word", "opinion"],
            ["meeting"],
            "列席党组（党委）会议、局务会议等，重点关注“三重一大”事项决策",
            meeting="会议名称",
            major_items="研究的“三重一大”事项",
            opinion="监督意见",
            content="会议情况",
        ),
        _spec(
            Kind.DOCUMENTS,
            ["materials"],
            ["materials"],
            "调阅、复制驻在部门的文件、账目、会议记录等",
            materials="调阅资料名称",
            content="调阅情况",
        ),
        _spec(Kind.BRIEFING, ["topic"], ["topic"], "听取驻在部门专题汇报", topic="汇报事项", content="汇报情况"),
        _spec(Kind.HEART_TALK, ["topic"], ["persons"], "与驻在部门干部谈心谈话", topic="谈话主题", content="谈话情况"),
        _spec(
            Kind.INDIVIDUAL_TALK,
            ["topic"],
            ["persons"],
            "就具体事项与干部个别谈话",
            topic="谈话事由",
            content="谈话情况",
        ),
        _spec(
            Kind.PETITION,
            ["report"],
            [],
            "接待来访或接收来信；已登记的信访举报可在此关联",
            report="关联信访举报",
            content="来信来访内容",
        ),
        _spec(
            Kind.REMINDER_TALK,
            ["topic"],
            ["persons", "topic"],
            "发现苗头性、倾向性问题及时提醒（第一种形态，记入廉政档案）",
            topic="提醒事由",
            content="谈话内容及本人态度",
        ),
        _spec(
            Kind.WARNING_TALK,
            ["topic"],
            ["persons", "topic"],
            "有了疑点即谈话警示（第一种形态，记入廉政档案）",
            topic="警示事由",
            content="谈话内容及本人态度",
        ),
        _spec(
            Kind.CONSULTATION,
            ["topic", "opinion"],
            ["topic"],
            "与驻在部门党组（党委）定期会商，通报情况、研究问题",
            topic="会商议题",
            opinion="会商意见",
            content="会商情况",
        ),
    )
}


def spec(kind: str) -> KindSpec:
    return SPECS[kind]
