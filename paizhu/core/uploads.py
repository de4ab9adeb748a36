"""What an uploaded file is, by its content, and whether it is safe to keep and hand out again.

Magic bytes alone let through a polyglot — a file that is a PDF to one reader and a ZIP archive or
a web page to another (`%PDF-` followed by an archive or `<script>`) — and a zip bomb, a .docx of a
few kilobytes that expands to gigabytes in the reader's Word. So, beyond the first bytes:

- **PDF**: the header `%PDF-1.x`/`%PDF-2.0`; the file ends with `%%EOF` (only whitespace after it);
  the last `startxref` points inside the file at a cross-reference table (`xref` … `trailer` with
  `/Root`) or a cross-reference stream (`N G obj << /Type /XRef …`). No PDF library is needed for
  this, and none parses hostile input here.
- **Foreign content** in any file: no ZIP archive readable from it (the end-of-central-directory
  record a ZIP reader looks for at the end), no web-page or script markup a browser would take for a
  page, no PDF header inside an image or an Office file (PDF readers look for one in the first
  kilobyte). A PDF carrying JavaScript, launch actions, embedded files, RichMedia or XFA is refused
  too: a reporter's letter needs none of them. Only uncompressed dictionaries are searched for those
  (stream data removed, `#xx` name escapes decoded); dictionaries inside compressed object streams
  are not expanded — that would need a PDF parser on hostile input.
- **ZIP-based formats** (.docx): the archive opens; at most `MAX_ZIP_ENTRIES` members; the declared
  total uncompressed size at most `MAX_UNCOMPRESSED_BYTES` and each member's expansion ratio at most
  `MAX_RATIO`; then every member is decompressed in bounded chunks, so that sizes the archive lies
  about are caught as well (the CRC check of zipfile fails, or the running total exceeds the cap).

`checked_kind(name, data)` returns the kind or raises DomainError with a Chinese message naming the
file; `sniff_kind(data)` is the kind by content only (None for anything not recognised).
"""

import io
import re
import zipfile

from .errors import DomainError

KINDS = ("jpg", "png", "pdf", "docx")
_MAGIC = [(b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"%PDF-", "pdf")]

MAX_ZIP_ENTRIES = 1000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # a Word letter with photos is a few MB
MAX_RATIO = 100  # deflated XML is ~5-20:1; a bomb is 1000:1 and more
_RATIO_FLOOR = 1024 * 1024  # members smaller than this are not judged by their ratio
_CHUNK = 64 * 1024

_PDF_HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)\s")
_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF[\s\x00]*$")
_XREF_STREAM = re.compile(rb"\d{1,10}\s+\d{1,5}\s+obj\s*<<.{0,900}?/Type\s*/XRef", re.DOTALL)
_TRAILER_ROOT = re.compile(rb"trailer\s*<<.{0,4096}?/Root\s+\d+\s+\d+\s+R", re.DOTALL)
# Markup a browser would take for a web page. Only markers long enough that compressed or image data
# never forms them by chance (about 1 in 10^5 for a 10 MB file) are looked for in the whole file.
_MARKUP = re.compile(rb"<(?:!doctype\s+html|html[\s>]|script[\s>/]|iframe[\s>]|\?php\s)", re.IGNORECASE)
# Active content, looked for in a PDF's dictionaries (stream data removed first, #xx escapes decoded).
_PDF_ACTIVE = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA)(?![A-Za-z0-9])")
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _refuse(name: str, text: str) -> DomainError:
    return DomainError(f"附件“{name}”{text}", field="attachments")


def sniff_kind(data: bytes) -> str | None:
    """The file type by its first bytes (and, for a ZIP, its members), never by its name."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "word/document.xml" in names and "[Content_Types].xml" in names:
            return "docx"
    return None


def checked_kind(name: str, data: bytes) -> str:
    """The kind of an upload after every check; DomainError (field "attachments") when refused."""
    kind = sniff_kind(data)
    if kind is None:
        raise _refuse(name, "的内容不是 JPG、PNG、PDF 或 Word（.docx）文件，请转换格式后再上传。")
    check_no_foreign_content(name, data, kind)
    if kind == "pdf":
        check_pdf(name, data)
    elif kind == "docx":
        check_zip(name, data)
    return kind


def check_no_foreign_content(name: str, data: bytes, kind: str) -> None:
    """Refuse a file that is also something else (a polyglot): a ZIP archive readable from its end,
    web-page markup, or a PDF header inside an image or an Office file (PDF readers look for one in
    the first kilobyte)."""
    mixed = "的内容混有其他格式的数据（如压缩包、网页或脚本），不能上传；请重新导出为标准文件后再上传。"
    if kind != "docx" and zipfile.is_zipfile(io.BytesIO(data)):
        raise _refuse(name, mixed)
    if _MARKUP.search(data):
        raise _refuse(name, mixed)
    if kind != "pdf" and b"%PDF-" in data:
        raise _refuse(name, mixed)


def check_pdf(name: str, data: bytes) -> None:
    """Header, end of file, and the cross-reference the last `startxref` names; no active content."""
    broken = "不是完整的 PDF 文件（文件结构损坏或不完整），请重新导出或扫描后再上传。"
    if not _PDF_HEADER.match(data[:16]):
        raise _refuse(name, broken)
    tail_start = max(0, len(data) - 2048)
    match = _STARTXREF.search(data, tail_start)
    if match is None:
        raise _refuse(name, broken)  # no %%EOF at the end, or something appended after it
    offset = int(match.group(1))
    if not 9 <= offset < match.start():
        raise _refuse(name, broken)
    at = data[offset : offset + 1024].lstrip()
    if at.startswith(b"xref"):
        if not _TRAILER_ROOT.search(data, offset):
            raise _refuse(name, broken)
    elif not _XREF_STREAM.match(at):
        raise _refuse(name, broken)
    dictionaries = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), _PDF_STREAM.sub(b"", data))
    if _PDF_ACTIVE.search(dictionaries):
        raise _refuse(name, "含有脚本、嵌入文件或自动执行的动作，不能上传；请打印为普通 PDF 后再上传。")


def check_zip(name: str, data: bytes) -> None:
    """An Office file (a ZIP archive) that opens, and expands to a reasonable size (no zip bomb)."""
    broken = "不是完整的 Word（.docx）文件，请重新保存后再上传。"
    bomb = (
        f"解压后过大或压缩比异常（解压后超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)}MB，"
        f"或压缩比超过 {MAX_RATIO}:1），不能上传。"
    )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _refuse(name, broken) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_ZIP_ENTRIES:
            raise _refuse(name, f"包含的文件过多（超过 {MAX_ZIP_ENTRIES} 个），不能上传。")
        declared = sum(m.file_size for m in members)
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise _refuse(name, bomb)
        for member in members:
            if member.file_size > _RATIO_FLOOR and member.file_size > MAX_RATIO * max(member.compress_size, 1):
                raise _refuse(name, bomb)
            if member.flag_bits & 0x1:
                raise _refuse(name, "已加密，不能上传；请取消密码保护后再上传。")
        # Decompress in bounded chunks: the declared sizes may lie, the running total cannot.
        total = 0
        try:
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > MAX_UNCOMPRESSED_BYTES:
                            raise _refuse(name, bomb)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
            raise _refuse(name, broken) from None
