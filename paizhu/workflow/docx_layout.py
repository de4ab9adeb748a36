"""The official layout of a document template (GB/T 9704-2012), built from its paragraphs.

An app writes its templates' text as paragraphs `(style, text)` with docxtpl (Jinja) placeholders; styles are
"title" (2号小标宋), "center", "plain", "body" (3号仿宋, two characters' indent), "h1" (一级标题, 3号黑体),
"h2" (二级标题, 3号楷体), "sign" (发文机关署名 and 成文日期, right), "cc" (版记: 抄送, between two lines) and
"tag" (a docxtpl `{%p ... %}` paragraph, removed on filling). `build(paragraphs, letterhead=True)` lays
them out on A4 with the official margins (版心 156 × 225 mm) and fonts, above them the 版头:

    {{ copy_no }}            份号, top left (only when set)
    {{ classification }}     密级, top left in 黑体 (only when set)
    {{ organ }}              发文机关标志, centred in red 小标宋
    {{ number }}             发文字号 (a draft: 草稿, no number), above the red separator line

and puts `{{ watermark }}` in the header and footer (`workflow.documents` fills it with the downloader), and the
page number (— 1 —, 4号宋体) in the footer; the app saves the result as the .docx it ships.

Fonts: each run names the official font (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) in every script slot, and
the font table gives each a Noto CJK alternate (w:altName, Debian's fonts-noto-cjk), which word processors use
when the official font is absent; LibreOffice substitutes through fontconfig the same way.
"""

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"
FALLBACKS = {
    TITLE_FONT: "Noto Serif CJK SC",
    BODY_FONT: "Noto Serif CJK SC",
    HEADING_FONT: "Noto Sans CJK SC",
    SUBHEADING_FONT: "Noto Serif CJK SC",
    PAGE_NUMBER_FONT: "Noto Serif CJK SC",
}
FALLBACK_FONT = FALLBACKS[BODY_FONT]
RED = RGBColor(0xE6, 0x00, 0x12)  # the 版头's red (GB/T 9704 names red, not a shade)

LINE = Pt(28)  # 3号 text at 22 lines a page in the 225 mm 版心 (GB/T 9704 5.2.2)

# What the 版头 prints, as placeholders the documents kernel fills.
LETTERHEAD = (
    ("tag", "{%p if copy_no %}"),
    ("copy_no", "{{ copy_no }}"),
    ("tag", "{%p endif %}"),
    ("tag", "{%p if classification %}"),
    ("classification", "{{ classification }}"),
    ("tag", "{%p endif %}"),
    ("organ", "{{ organ }}"),
    ("number", "{% if draft %}草稿（未印发，无文号）{% else %}{{ number }}{% endif %}"),
)


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
    """Declare the Noto CJK alternate of each official font in the font table."""
    font_table = next((p for p in document.part.package.iter_parts() if p.partname.endswith("fontTable.xml")), None)
    if font_table is None:
        return
    from lxml import etree

    root = etree.fromstring(font_table.blob)  # noqa: S320 - our own template, not user input
    for name, fallback in FALLBACKS.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt = etree.SubElement(font, qn("w:altName"))
        alt.set(qn("w:val"), fallback)
        charset = etree.SubElement(font, qn("w:charset"))
        charset.set(qn("w:val"), "86")  # GB2312
    font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _border(paragraph, *sides: str, color: str = "000000", size: int = 4) -> None:
    """A line along the paragraph (`size` in eighths of a point), the width of the 版心."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        line = OxmlElement(f"w:{side}")
        for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", color)):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    ppr.append(borders)


def _keep_with_next(paragraph) -> None:
    paragraph.paragraph_format.keep_with_next = True


def _paragraph(document, style: str, text: str) -> None:
    p = document.add_paragraph()
    fmt = p.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    run = p.add_run(text)
    if style == "tag":
        return
    if style == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(36)
        fmt.space_before, fmt.space_after = Pt(14), Pt(14)
        _keep_with_next(p)
        _fonts(run, TITLE_FONT, 22)
        return
    if style == "copy_no":
        _fonts(run, BODY_FONT, 16)
        return
    if style == "classification":
        _fonts(run, HEADING_FONT, 16)
        return
    if style == "organ":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = Pt(44)
        fmt.space_before, fmt.space_after = Pt(10), Pt(14)
        _fonts(run, TITLE_FONT, 26)
        run.font.color.rgb = RED
        return
    if style == "number":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(6)
        _fonts(run, BODY_FONT, 16)
        _border(p, "bottom", color="E60012", size=12)  # the red separator line, 4 mm below the 文号
        return
    if style == "h1":
        fmt.first_line_indent = Pt(32)
        _keep_with_next(p)
        _fonts(run, HEADING_FONT, 16)
        return
    if style == "h2":
        fmt.first_line_indent = Pt(32)
        _keep_with_next(p)
        _fonts(run, SUBHEADING_FONT, 16)
        return
    if style == "cc":
        fmt.space_before = Pt(28)
        fmt.first_line_indent = Pt(14)  # one character; the lines span the 版心
        _border(p, "top", "bottom")
        _fonts(run, BODY_FONT, 14)
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
        _keep_with_next(p)


def _page_number(paragraph) -> None:
    """— PAGE — in 4号宋体 (GB/T 9704 7.5)."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(paragraph.add_run("— "), PAGE_NUMBER_FONT, 14)
    run = paragraph.add_run()
    _fonts(run, PAGE_NUMBER_FONT, 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    _fonts(paragraph.add_run(" —"), PAGE_NUMBER_FONT, 14)


def build(paragraphs: list[tuple[str, str]], *, letterhead: bool = False) -> DocxDocument:
    document = Document()
    section = document.sections[0]
    if section.start_type != WD_SECTION.NEW_PAGE:
        section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(15)
    _fonts(document.styles["Normal"], BODY_FONT, 16)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(header.add_run("{{ watermark }}"), BODY_FONT, 9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(footer.add_run("{{ watermark }}"), BODY_FONT, 9)
    _page_number(section.footer.add_paragraph())
    # python-docx's blank document starts with no paragraph: everything is ours.
    for style, text in (LETTERHEAD if letterhead else ()) + tuple(paragraphs):
        _paragraph(document, style, text)
    _alt_names(document)
    return document
