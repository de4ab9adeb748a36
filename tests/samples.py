"""Sample files for upload tests: a structurally valid PDF, a small .docx, a PNG; and hostile ones."""

import io
import zipfile

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf_bytes(text: str = "test", *, extra_objects: tuple[bytes, ...] = ()) -> bytes:
    """A one-page PDF with a correct cross-reference table, trailer and %%EOF."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        *extra_objects,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


PDF = pdf_bytes()


def docx_bytes(document: bytes = b"<w:document/>", *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        # A fixed date: the bytes (and the parametrized test ids built from them) are the same on every
        # xdist worker, which collect at different seconds.
        for name, content in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", document)):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), content, compress_type=compression)
    return buffer.getvalue()


def zip_bomb(uncompressed_mb: int = 200) -> bytes:
    """A .docx whose document.xml is `uncompressed_mb` MB of one repeated byte: ~1000:1 deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(uncompressed_mb):
                member.write(block)
    return buffer.getvalue()
