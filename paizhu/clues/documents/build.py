"""Builds the default .docx templates (docxtpl / Jinja placeholders) in the official layout, GB/T 9704.

Run `paizhu clue_doc_templates` to write them; the system administrator edits copies in
`<PAIZHU_VAR_DIR>/doc_templates/clues/`, which take precedence over the shipped ones.

Fonts: the title names 方正小标宋简体 and the body 仿宋_GB2312, each with `Noto Serif CJK SC` as the
alternate name in the font table (w:altName), which word processors use when the official font is absent.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
FALLBACK_FONT = "Noto Serif CJK SC"

# name -> (title, paragraphs); each paragraph is (style, text) with Jinja placeholders.
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


def _fonts(run_or_style, name: str, size: float) -> None:
    font = run_or_style.font
    font.name = name
    font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _alt_names(document) -> None:
    """Declare Noto Serif CJK SC as the alternate of each official font in the font table."""
    font_table = next((p for p in document.part.package.iter_parts() if p.partname.endswith("fontTable.xml")), None)
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)  # noqa: S320 - our own template, not user input
    for name in (TITLE_FONT, BODY_FONT):
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), FALLBACK_FONT)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph(document, style: str, text: str) -> None:
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_after = Pt(0)
    run = p.add_run(text)
    if style == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(36)
        fmt.space_after = Pt(12)
        _fonts(run, TITLE_FONT, 22)
        return
    _fonts(run, BODY_FONT, 16)
    if style == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif style == "body":
        fmt.first_line_indent = Pt(32)  # two characters
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    elif style == "sign":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        fmt.right_indent = Pt(64)


def build(name: str) -> Document:
    document = Document()
    section = document.sections[0]
    if section.start_type != WD_SECTION.NEW_PAGE:
        section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _fonts(document.styles["Normal"], BODY_FONT, 16)
    for part in (section.header, section.footer):
        p = part.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _fonts(p.add_run("{{ watermark }}"), BODY_FONT, 9)
    for style, text in TEMPLATES[name]:
        _paragraph(document, style, text)
    _alt_names(document)
    return document


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in TEMPLATES:
        path = directory / f"{name}.docx"
        build(name).save(path)
        paths.append(path)
    return paths
