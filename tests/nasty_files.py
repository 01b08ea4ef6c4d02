"""Hostile and broken files, generated on the fly (no committed binaries)."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pymupdf


def text_pdf(lines: int = 8) -> bytes:
    """A small valid PDF with a text layer."""
    doc = pymupdf.open()
    page = doc.new_page()
    for i in range(lines):
        page.insert_text((72, 72 + 18 * i), f"Key Grip {i}   Sam Example   crew member", fontsize=11)
    data = doc.tobytes()
    doc.close()
    return data


def encrypted_pdf(user_password: str) -> bytes:
    """AES-256 encrypted; an empty `user_password` opens without one (owner password only)."""
    doc = pymupdf.open("pdf", text_pdf())
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret", user_pw=user_password)
    doc.close()
    return data


def broken_xref_pdf() -> bytes:
    """A PDF whose cross-reference offsets all point to the wrong place."""
    data = bytearray(text_pdf())
    start = data.rindex(b"xref")
    table = data[start:].replace(b" 00000 n", b" 00000 n").split(b"\n")
    rewritten = [line[:2] + b"99999999" + line[10:] if line.endswith(b"n") or line.endswith(b"n ") else line
                 for line in table]
    return bytes(data[:start]) + b"\n".join(rewritten)


def truncated_pdf() -> bytes:
    data = text_pdf()
    return data[: len(data) // 2]


def many_pages_pdf(pages: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page(width=200, height=200)
    data = doc.tobytes(garbage=1, deflate=True)
    doc.close()
    return data


def active_content_pdf() -> bytes:
    """A PDF that runs JavaScript when opened and carries an embedded executable."""
    doc = pymupdf.open("pdf", text_pdf())
    doc.embfile_add("payload.exe", b"MZ\x90\x00" + b"\x00" * 64, filename="payload.exe")
    catalog = doc.pdf_catalog()
    doc.xref_set_key(catalog, "OpenAction", "<</S/JavaScript/JS(app.alert\\('hi'\\))>>")
    data = doc.tobytes()
    doc.close()
    return data


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_bomb(side: int = 30000) -> bytes:
    """A 1-bit `side` x `side` PNG of zeros: ~100 kB on disk, ~900 M pixels decoded."""
    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    chunks = [packer.compress(row * 1000) for _ in range(side // 1000)]
    chunks.append(packer.compress(row * (side % 1000)))
    chunks.append(packer.flush())
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", b"".join(chunks))
            + _png_chunk(b"IEND", b""))


def jpeg_header(width: int, height: int) -> bytes:
    """The start of a baseline JPEG announcing `width` x `height` (enough for a size check)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    sof0 = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + sof0 + b"\x00" * 64


def tiff_header(width: int, height: int) -> bytes:
    """A little-endian TIFF whose first IFD announces `width` x `height`."""
    entries = [(256, 4, 1, width), (257, 4, 1, height)]
    ifd = struct.pack("<H", len(entries)) + b"".join(struct.pack("<HHII", *e) for e in entries) + b"\x00" * 4
    return b"II*\x00" + struct.pack("<I", 8) + ifd + b"\x00" * 64


def zip_with_pdf() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("sheet.pdf", text_pdf())
    return buffer.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56 + b"%PDF-1.4 hidden marker"
WINDOWS_EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"%PDF-1.7"


def tiff(pages: list[tuple[int, int]], bits: int = 8, samples: int = 1, first_ifd_at: int = 8,
         pixels: bool = True) -> bytes:
    """A little-endian, uncompressed TIFF with one page per (width, height) of `pages`, each
    page's IFD (image file directory) chained to the next; `first_ifd_at` pushes the first IFD
    further into the file. With `pixels`, real image data (grey 0x80) follows each IFD, so
    MuPDF can open it; without, only headers (a page may then announce any size)."""
    out = bytearray(b"II*\x00" + struct.pack("<I", first_ifd_at))
    out += b"\x00" * (first_ifd_at - len(out))
    for number, (width, height) in enumerate(pages):
        data = bytes([0x80]) * (width * height * samples * bits // 8) if pixels else b""
        entries = 9 if samples == 1 else 10
        ifd_size = 2 + 12 * entries + 4
        bits_at = len(out) + ifd_size
        data_at = bits_at + (2 * samples if samples > 1 else 0)
        bits_value = (bits, 0) if samples == 1 else (bits_at, None)
        tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, samples, bits_value),
                (259, 3, 1, 1), (262, 3, 1, 1 if samples == 1 else 2), (273, 4, 1, data_at),
                (277, 3, 1, samples), (278, 4, 1, height), (279, 4, 1, len(data))]
        if samples > 1:
            tags.append((284, 3, 1, 1))
        out += struct.pack("<H", len(tags))
        for tag, kind, count, value in tags:
            if isinstance(value, tuple):
                packed = struct.pack("<HH", *value) if value[1] is not None else struct.pack("<I", value[0])
            elif kind == 3:
                packed = struct.pack("<HH", value, 0)
            else:
                packed = struct.pack("<I", value)
            out += struct.pack("<HHI", tag, kind, count) + packed
        last = number == len(pages) - 1
        next_at = 0 if last else data_at + len(data)
        out += struct.pack("<I", next_at)
        if samples > 1:
            out += struct.pack("<" + "H" * samples, *[bits] * samples)
        out += data
    return bytes(out)


def png_header(width: int, height: int, bits: int = 8, colour: int = 6) -> bytes:
    """A PNG announcing `width` x `height` at `bits` per sample (colour 6: RGBA), with one empty
    IDAT: enough for any size check, nothing to decode."""
    header = struct.pack(">IIBBBBB", width, height, bits, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b""))
            + _png_chunk(b"IEND", b""))


def jpeg_after_segments(width: int, height: int, segment_bytes: int = 200_000) -> bytes:
    """A JPEG header whose frame header (SOF) follows `segment_bytes` of APP segments (EXIF with
    a thumbnail, ICC profiles and XMP do that), far past the first 64 kB."""
    segments = b""
    while len(segments) < segment_bytes:
        body = b"ICC_PROFILE\x00" + b"\x00" * 65000
        segments += b"\xff\xe2" + struct.pack(">H", len(body) + 2) + body
    return jpeg_header(width, height)[:20] + segments + jpeg_header(width, height)[20:]


def grey_jpeg(width: int = 400, height: int = 300) -> bytes:
    """A real JPEG (PyMuPDF's encoder) of a plain grey picture."""
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.clear_with(200)
    return pix.tobytes("jpg")


def corrupt_huffman_jpeg() -> bytes:
    """A JPEG whose Huffman table claims 16 x 255 codes: libjpeg's "Bogus Huffman table
    definition", which PyMuPDF raises as FzErrorLibrary when the page is read."""
    data = bytearray(grey_jpeg())
    table = data.index(b"\xff\xc4")
    data[table + 5:table + 21] = b"\xff" * 16
    return bytes(data)


def malformed_page_tree_pdf() -> bytes:
    """A PDF whose /Kids is a number instead of an array: MuPDF's FzErrorFormat "malformed page
    tree" when a page is loaded (it opens fine)."""
    import re

    return re.sub(rb"/Kids\s*\[[^\]]*\]", b"/Kids 7", text_pdf())
