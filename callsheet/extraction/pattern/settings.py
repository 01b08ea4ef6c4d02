"""Every tolerance of the pattern reader in one place (pdfplumber's `TableSettings` idea).

Distances are in multiples of the page's typical text height unless they say `pt`, so the
same numbers fit 6 pt spreadsheet exports and 11 pt word-processor sheets. A stage reads
`SETTINGS.name`; tests may build their own `ReaderSettings` to see a threshold's effect.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ReaderSettings:
    # regions (regions.py): boxes and grids drawn on the page
    ruling_touch_pt: float = 1.5  # rulings this close belong to one drawn structure
    region_min_lines: int = 2  # a box holding fewer text lines is a label bar, not a region of its own
    region_min_width_pt: float = 20.0
    region_min_height_pt: float = 8.0
    separator_cover: float = 0.5  # a horizontal ruling across this share of a region separates its rows
    # rows (bands.py): the text between two row separators of a region
    band_max_lines: int = 8  # more lines between two separators than this: the rows are unruled
    cell_start_tolerance: float = 1.0  # segments of a band starting this close are one cell (unruled)
    type_change_gap: float = 0.45  # text turning into a number after a gap this wide starts a cell
    cell_line_tightness: float = 0.15  # a line this much closer to the row above than rows are is the same row
    band_word_gap: float = 0.25  # gap between words of one cell once a band is laid out as a line
    # confidence and weak pages (confidence.py)
    doubt_penalty: float = 0.15  # per doubt on a contact: an unknown role label, a number that did not read
    ocr_penalty: float = 0.15
    # a page OCR'd with a lower mean word confidence than this... (phone photos read with the
    # sheet's language model and local thresholding report 0.93-0.95, and were right only 3
    # times in 4: only a page as clean as a good scan keeps contacts above 0.8)
    ocr_clean_conf: float = 0.97
    ocr_doubt_scale: float = 2.0  # ...loses this much more confidence per point below it
    weak_confidence: float = 0.6  # a page whose contacts average below this is weak
    weak_unassigned: int = 2  # lone personal-looking numbers/e-mails on a page before it is weak
    weak_doubts: int = 2  # records with an unknown label or an unread number before a page is weak...
    weak_doubt_share: float = 0.2  # ...and this share of its contacts for unknown labels
    # lines and segments (lines.py)
    segment_gap: float = 0.9  # a gap wider than this many word heights starts a new segment
    # free text (blocks.py)
    far_value_gap: float = 3.0  # a number this far right of a complete entry, under another person, is theirs
    orphan_reach: float = 2.8  # a lone number or address belongs to the person at most this far above
    named_address_reach: float = 1.6  # an address spelling a name above reaches this far, whatever its column
    label_above_reach: float = 3.5  # a card's role label sits at most this far above the name
    # tables (tables.py)
    table_end_gap: float = 3.2  # a vertical gap of this many line heights ends a table
    grid_tolerance: float = 0.8  # a cell starting this far from every column and earlier cell start is off the grid
    carry_lines: int = 4  # a table continued overleaf resumes within this many lines of the next page


SETTINGS = ReaderSettings()
