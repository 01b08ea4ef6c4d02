"""What a PNG, JPEG or TIFF announces about its pages, from its headers alone.

`frames` yields each page's size and how many bytes one of its pixels takes once decoded,
reading through `seek`/`read` on a binary file (an upload's stream, a stored file): a PNG's
IHDR, the JPEG segment chain up to its frame header (which may follow large EXIF, ICC or
XMP segments), and every IFD of a TIFF's chain, wherever in the file it lies. Nothing is
decoded and the reads are capped (`READ_CAP` bytes, `MAX_SEGMENTS` JPEG segments), so a
crafted chain can neither make it read a whole file nor loop; a size that cannot be read
within them raises `HeaderError`. No PyMuPDF here: the web process uses it at upload.
"""
from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

READ_CAP = 4 * 1024 * 1024  # header bytes read per file, at most (a TIFF IFD is 12 bytes a tag)
MAX_SEGMENTS = 4096  # JPEG segments walked before the frame header, at most
PNG, JPEG, TIFF = "PNG", "JPEG", "TIFF"
_TIFF_TYPES = {3: "H", 4: "I"}  # SHORT, LONG: the types of the tags read here
_WIDTH, _HEIGHT, _BITS, _PHOTOMETRIC, _SAMPLES = 256, 257, 258, 262, 277
_PALETTE = 3  # PhotometricInterpretation: colour map (decoded to RGB)
_PNG_SAMPLES = {0: 1, 2: 3, 3: 3, 4: 2, 6: 4}  # colour type -> samples once decoded (palette: RGB)


class HeaderError(ValueError):
    """The file's headers do not say its size (damaged, truncated or crafted)."""


@dataclass(frozen=True)
class Frame:
    """One page of an image: its size and the layout of a decoded pixel."""

    width: int
    height: int
    samples: int = 1  # components per pixel (grey 1, RGB 3, RGBA or CMYK 4)
    bits: int = 8  # bits per sample as stored (1, 8, 16...)

    @property
    def pixels(self) -> int:
        return self.width * self.height

    @property
    def bytes_per_pixel(self) -> int:
        """Bytes per decoded pixel: every sample takes at least a byte (1-bit scans decode to 8)."""
        return self.samples * max(1, (self.bits + 7) // 8)

    @property
    def decoded_bytes(self) -> int:
        return self.pixels * self.bytes_per_pixel


def kind(head: bytes) -> str | None:
    """PNG, JPEG or TIFF from a file's first bytes, else None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    return None


class _Reader:
    """Reads at offsets of `stream`, counting the bytes against READ_CAP."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.read_bytes = stream, 0

    def at(self, offset: int, size: int) -> bytes:
        self.read_bytes += size
        if self.read_bytes > READ_CAP:
            raise HeaderError(f"its headers run past {READ_CAP // (1024 * 1024)} MB")
        self.stream.seek(offset)
        data = self.stream.read(size)
        if len(data) < size:
            raise HeaderError("it ends inside its headers (truncated?)")
        return data


def frames(stream: BinaryIO) -> Iterator[Frame]:
    """Each page of the image in `stream`, in order, lazily (stop early to read no further).

    Raises HeaderError when a size cannot be read; ValueError if not a PNG, JPEG or TIFF.
    """
    stream.seek(0)
    what = kind(stream.read(8))
    reader = _Reader(stream)
    if what == PNG:
        yield _png(reader)
    elif what == JPEG:
        yield _jpeg(reader)
    elif what == TIFF:
        yield from _tiff(reader)
    else:
        raise ValueError("not a PNG, JPEG or TIFF")


def _checked(frame: Frame) -> Frame:
    if frame.width <= 0 or frame.height <= 0:
        raise HeaderError(f"it announces {frame.width} x {frame.height} pixels")
    return frame


def _png(reader: _Reader) -> Frame:
    head = reader.at(8, 18)
    if head[4:8] != b"IHDR":
        raise HeaderError("its first chunk is not the image header (IHDR)")
    width, height, bits, colour = struct.unpack(">IIBB", head[8:18])
    if colour not in _PNG_SAMPLES:
        raise HeaderError(f"unknown colour type {colour}")
    return _checked(Frame(width, height, _PNG_SAMPLES[colour], 8 if colour == 3 else bits))


def _jpeg(reader: _Reader) -> Frame:
    pos = 2
    for _ in range(MAX_SEGMENTS):
        marker = reader.at(pos, 2)
        if marker[0] != 0xFF:
            raise HeaderError("a segment does not start with a marker")
        code = marker[1]
        if code == 0xFF:  # fill byte
            pos += 1
            continue
        if code in (0xD8, 0x01) or 0xD0 <= code <= 0xD7:  # markers without a length
            pos += 2
            continue
        if code in (0xD9, 0xDA):  # end of image, start of scan: no frame header came first
            break
        (length,) = struct.unpack(">H", reader.at(pos + 2, 2))
        if 0xC0 <= code <= 0xCF and code not in (0xC4, 0xC8, 0xCC):  # start of frame
            bits, height, width, samples = struct.unpack(">BHHB", reader.at(pos + 4, 6))
            return _checked(Frame(width, height, samples, bits))
        if length < 2:
            raise HeaderError("a segment has a length under 2")
        pos += 2 + length
    raise HeaderError("no frame header (SOF) before the image data")


def _tiff(reader: _Reader) -> Iterator[Frame]:
    order = "<" if reader.at(0, 2) == b"II" else ">"
    (offset,) = struct.unpack(order + "I", reader.at(4, 4))
    seen: set[int] = set()
    while offset:
        if offset in seen:
            raise HeaderError("its chain of pages loops")
        seen.add(offset)
        (count,) = struct.unpack(order + "H", reader.at(offset, 2))
        table = reader.at(offset + 2, 12 * count + 4)
        tags = {}
        for i in range(count):
            tag, type_, number, value = struct.unpack(order + "HHI4s", table[12 * i:12 * i + 12])
            if tag in (_WIDTH, _HEIGHT, _BITS, _PHOTOMETRIC, _SAMPLES) and type_ in _TIFF_TYPES:
                tags[tag] = _tiff_values(reader, order, _TIFF_TYPES[type_], min(number, 16), value)
        if not tags.get(_WIDTH) or not tags.get(_HEIGHT):
            raise HeaderError(f"page {len(seen)} has no width or height")
        samples = tags.get(_SAMPLES, [1])[0]
        if tags.get(_PHOTOMETRIC, [0])[0] == _PALETTE:
            samples = 3
        bits = max(tags.get(_BITS) or [1])
        yield _checked(Frame(tags[_WIDTH][0], tags[_HEIGHT][0], samples, bits))
        (offset,) = struct.unpack(order + "I", table[12 * count:])


def _tiff_values(reader: _Reader, order: str, fmt: str, number: int, value: bytes) -> list[int]:
    """A tag's values: in the entry itself when they fit in its 4 bytes, else at the offset it holds."""
    size = struct.calcsize(fmt) * number
    data = value[:size] if size <= 4 else reader.at(struct.unpack(order + "I", value)[0], size)
    return list(struct.unpack(order + fmt * number, data))
