"""The Tesseract passes of one page, so that each page is read about once.

A page whose language is not known yet (the first of a document) gets its header read first:
the top `SAMPLE_SHARE` of the page (its title, day and production names say the sheet's
language, and whether the page reads at all: a sideways page reads as no words or noise),
then the whole page once, in the language the header named. Reading the whole page in
English and again in its language cost twice the CPU; a smaller image does not help
(Tesseract's cost is its text lines, each scaled to one height, not its pixels). Reading the
page in bands and keeping the header's words lost contacts where a band ended (tried:
corpus photo F1 0.871 -> 0.859), so the header's words are only the clue. A page whose
language an earlier page gave is read in one pass.
"""
from __future__ import annotations

import statistics
from pathlib import Path

import pymupdf

from callsheet.extraction import ocr_languages, tesseract
from callsheet.extraction.errors import UnreadableDocument

SAMPLE_SHARE = 0.18  # of the page's height, read first (the header)
UPRIGHT_CONF = 70  # median word confidence of an upright page: 80-96; a turned one: ~45
MIN_WORDS_TO_JUDGE = 10
OSD_MIN_CONF = 2.0  # Tesseract's orientation confidence below this is a guess
LANGUAGE_SLACK = 5  # a reading in the sheet's language is kept unless its median confidence drops more


class Passes:
    """The Tesseract runs of one page, sharing its CPU budget."""

    def __init__(self, workdir: Path, number: int, args: list[str], budget: float) -> None:
        self.workdir, self.number, self.args, self.left = workdir, number, args, budget

    def _run(self, args: list[str]) -> tesseract.Finished:
        if self.left <= 0:
            raise tesseract.OverBudget(0, self.left)
        try:
            done = tesseract.run(args, self.workdir, self.left)
        except OSError as exc:
            raise UnreadableDocument(f"Page {self.number} could not be OCR'd: {exc}") from exc
        self.left -= done.cpu_seconds
        return done

    def read(self, image: str, lang: str) -> str:
        """Tesseract's TSV of `image`; UnreadableDocument if Tesseract fails on it."""
        done = self._run([image, "out", "-l", lang, *self.args, "tsv"])
        if done.returncode != 0:
            message = done.stderr.strip().splitlines()[-1:] or ["unknown error"]
            raise UnreadableDocument(f"Page {self.number} could not be OCR'd: {message[0]}")
        return (self.workdir / "out.tsv").read_text(encoding="utf-8", errors="replace")

    def orientation(self, image: str) -> int | None:
        """Degrees (clockwise) that turn the page upright by Tesseract's orientation detection;
        None when unsure or with too little text."""
        done = self._run([image, "osd", "--psm", "0"])
        osd = self.workdir / "osd.osd"
        if done.returncode != 0 or not osd.exists():
            return None
        return osd_turn(osd.read_text(errors="replace"))


class Reading:
    """One image: `sample()` reads its header band (the whole image when its language is
    known: `lang`), `finish()` the whole image in the language the header's words named."""

    def __init__(self, passes: Passes, image: str, lang: str | None, turn: int = 0) -> None:
        self.passes, self.image, self.fixed, self.turn = passes, image, lang is not None, turn
        self.language = lang or ocr_languages.DEFAULT
        self.top, self.top_name, self.wanted, self.whole = "", image, "", False

    def sample(self) -> str:
        """The header band's TSV (the whole image's when the language is known)."""
        if self.fixed:
            self.top, self.whole = self.passes.read(self.image, self.language), True
            return self.top
        _, height = _pgm_size(self.passes.workdir / self.image)
        name = self.top_name = _crop(self.passes.workdir, self.image, int(height * SAMPLE_SHARE), "top")
        self.top, self.whole = self.passes.read(name, self.language), name == self.image
        if (better := ocr_languages.for_text(tsv_text(self.top))) != self.language:
            self.wanted = better
        return self.top

    def finish(self) -> str:
        """The whole image's TSV, in the header's language; read once more in the sheet's
        language when only the words below the header name it. Over the CPU budget: the
        best reading of the whole image so far (OverBudget when there is none)."""
        best = self.top
        try:
            whole = self.top if self.whole else self.passes.read(self.image, self.wanted or self.language)
            if self.wanted and reading_quality(whole) < reading_quality(self.top) - LANGUAGE_SLACK:
                whole = self.passes.read(self.image, self.language)  # the sheet's language reads worse
            else:
                self.language = self.wanted or self.language
            best = whole
            if not self.fixed and self.language == ocr_languages.DEFAULT and \
                    (better := ocr_languages.for_text(tsv_text(whole))) != self.language:
                again = self.passes.read(self.image, better)
                if reading_quality(again) >= reading_quality(whole) - LANGUAGE_SLACK:
                    best, self.language = again, better
        except tesseract.OverBudget:
            if best is self.top and not self.whole:
                raise  # only the header was read: the page was not
        return best


def _pgm_size(path: Path) -> tuple[int, int]:
    with open(path, "rb") as f:
        head = f.read(64).split()
    return int(head[1]), int(head[2])


def _crop(workdir: Path, image: str, bottom: int, band: str) -> str:
    """The top `bottom` rows of `image` as a new PGM; its file name."""
    pix = pymupdf.Pixmap(str(workdir / image))
    if bottom >= pix.height:
        return image
    rect = pymupdf.IRect(0, 0, pix.width, bottom)
    part = pymupdf.Pixmap(pix.colorspace, rect, False)
    part.copy(pix, rect)
    name = f"{Path(image).stem}.{band}.pgm"
    part.save(workdir / name)
    return name


def tsv_text(tsv: str) -> str:
    return " ".join(cols[11] for row in tsv.splitlines()[1:] if len(cols := row.split("\t")) >= 12)


def osd_turn(text: str) -> int | None:
    """`Rotate:` of Tesseract's OSD output (0, 90, 180, 270) when its orientation confidence is
    at least `OSD_MIN_CONF`; else None."""
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
    try:
        turn, conf = int(fields["Rotate"].strip()), float(fields["Orientation confidence"].strip())
    except (KeyError, ValueError):
        return None
    return turn if turn in (0, 90, 180, 270) and conf >= OSD_MIN_CONF else None


def word_count(tsv: str) -> int:
    return sum(1 for row in tsv.splitlines()[1:] if (cols := row.split("\t"))[0] == "5" and len(cols) >= 12
               and cols[11].strip())


def reading_quality(tsv: str) -> float:
    """Median confidence (0..100) of the words Tesseract read; 0 with fewer than a few words
    (a sideways page often reads as none; on a blank one orientation detection ends at once)."""
    confs = []
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) >= 12 and cols[0] == "5" and cols[11].strip():
            confs.append(float(cols[10]))
    return statistics.median(confs) if len(confs) >= MIN_WORDS_TO_JUDGE else 0.0
