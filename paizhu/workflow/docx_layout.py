"""The official layout of a document template (GB/T 9704), built from its paragraphs.

An app writes its templates' text as paragraphs `(style, text)` with docxtpl (Jinja) placeholders; styles are
"title", "center", "plain", "body" and "sign". `build(paragraphs)` lays them out on A4 with the official margins
and fonts, and puts `{{ watermark }}` in the header and footer (`workflow.documents` fills it with the
downloader); the app saves the result as the .docx it ships.

Fonts: the title names 方正小标宋简体 and the body 仿宋_GB2312, each with `Noto Serif CJK SC` as the
alternate name in the font table (w:altName), which word processors use when the official font is absent.
"""

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
FALLBACK_FONT = "Noto Serif CJK SC"


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


def build(paragraphs: list[tuple[str, str]]) -> DocxDocument:
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
    for style, text in paragraphs:
        _paragraph(document, style, text)
    _alt_names(document)
    return document
