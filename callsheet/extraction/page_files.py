"""Page ranges and images of a document as bytes an outside service accepts.

The Messages API limits the size of each request and Textract's synchronous API takes
one-page PDFs or images only, so both need the document cut up (`document.page_pdf` gives
single pages). Images are sent as they are when the service accepts them, and re-encoded
(quality first, resolution last, so small print stays legible) when they are too large or
their EXIF orientation says the camera stored them turned (sent upright, as OCR reads them).
"""
from __future__ import annotations

from pathlib import Path

from callsheet.extraction.document import open_document
from callsheet.extraction.errors import UnreadableDocument

IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def is_image(path: Path) -> bool:
    return path.suffix.lower() in IMAGE_TYPES


def pdf_pages(path: Path, first: int, last: int) -> bytes:
    """Pages `first`..`last` (1-based, inclusive) of a PDF as a new, compact PDF."""
    import pymupdf

    with open_document(path) as doc, pymupdf.open() as part:
        part.insert_pdf(doc, from_page=first - 1, to_page=last - 1)
        return part.tobytes(garbage=3, deflate=True)


def page_size(path: Path, number: int) -> tuple[float, float]:
    """Width and height of page `number` (1-based) in points."""
    with open_document(path) as doc:
        rect = doc[number - 1].rect
        return rect.width, rect.height


def image_bytes(path: Path, max_bytes: int, max_side: int = 8000) -> tuple[bytes, str]:
    """The image as (bytes, media type), re-encoded as JPEG when it exceeds the limits."""
    import pymupdf

    data = path.read_bytes()
    media_type = IMAGE_TYPES.get(path.suffix.lower(), "")
    try:
        pix = pymupdf.Pixmap(str(path))
    except Exception as exc:  # PyMuPDF raises its own untyped errors for bad images
        raise UnreadableDocument(f"{path.name} is not an image we can read") from exc
    upright = _exif_upright(path, pix)
    if upright is not None:
        pix = upright  # the service would see the camera's sideways pixels
    elif media_type and len(data) <= max_bytes and max(pix.width, pix.height) <= max_side:
        return data, media_type
    if pix.alpha or pix.n > 3:
        pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
    scale = min(1.0, max_side / max(pix.width, pix.height))
    while scale >= 0.2:
        scaled = pix if scale >= 1.0 else pymupdf.Pixmap(pix, int(pix.width * scale), int(pix.height * scale))
        for quality in (90, 80, 70):
            out = scaled.tobytes("jpg", jpg_quality=quality)
            if len(out) <= max_bytes:
                return out, "image/jpeg"
        scale *= 0.8
    raise UnreadableDocument(f"{path.name} is too large to send, even re-encoded")


def _exif_upright(path: Path, pix):
    """The image as a reader holds it when its EXIF orientation says the pixels are turned or
    mirrored (MuPDF applies the tag when it opens the image as a document, and OCR reads
    that); None when they are upright."""
    import pymupdf

    try:
        with open_document(path) as doc:
            page = doc[0]
            infos = page.get_image_info()
            if not infos:
                return None
            a, b, c, d = infos[0]["transform"][:4]
            if a > 0 and d > 0 and b == 0 and c == 0:
                return None
            zoom = max(pix.width, pix.height) / max(page.rect.width, page.rect.height)
            return page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), colorspace=pymupdf.csRGB)
    except Exception:  # not readable as a document: sent as the decoder sees it
        return None


def image_strips(
    data: bytes, max_pixels: int = 1_150_000, max_strips: int = 4, overlap: float = 0.06
) -> list[bytes]:
    """The image cut into overlapping horizontal strips of at most `max_pixels` each.

    The Messages API scales every image down to about 1.15 megapixels; a dense crew list
    photographed or scanned whole loses its small print that way. Strips keep the full
    width (rows stay whole) and at most `max_strips` are made. One strip: the image as is.
    """
    import pymupdf

    pix = pymupdf.Pixmap(data)
    count = min(max_strips, -(-pix.width * pix.height // max_pixels))
    if count <= 1:
        return [data]
    step = pix.height / count
    pad = int(pix.height * overlap / 2)
    strips = []
    for i in range(count):
        top, bottom = max(0, int(i * step) - pad), min(pix.height, int((i + 1) * step) + pad)
        rect = pymupdf.IRect(0, top, pix.width, bottom)
        strip = pymupdf.Pixmap(pix.colorspace, rect, pix.alpha)
        strip.copy(pix, rect)
        strips.append(strip.tobytes("png"))
    return strips
