"""Textract `AnalyzeDocument` responses built the way the service lays them out.

PAGE -> LINE -> WORD children, TABLE -> CELL (RowIndex, ColumnIndex, RowSpan, ColumnSpan,
EntityTypes) -> WORD, MERGED_CELL -> CELL, KEY_VALUE_SET KEY -VALUE-> VALUE -> WORD, with
geometry as page ratios and confidence 0-100.
"""
from __future__ import annotations

import itertools
from typing import Any

CHAR_W = 0.0075  # page-width ratio per character
LINE_H = 0.012


class TextractPage:
    """Builds the `Blocks` of one analysed page."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.page: dict[str, Any] = {"BlockType": "PAGE", "Id": self._id(), "Page": 1,
                                     "Geometry": _geometry(0, 0, 1, 1), "Relationships": []}
        self.blocks: list[dict[str, Any]] = [self.page]

    def _id(self) -> str:
        return f"b{next(self._ids):04d}"

    def line(self, text: str, left: float, top: float, conf: float = 99.1) -> list[str]:
        """A LINE with its WORDs; returns the word ids."""
        word_ids, x = [], left
        words = []
        for token in text.split():
            word = {"BlockType": "WORD", "Id": self._id(), "Text": token, "TextType": "PRINTED",
                    "Confidence": conf, "Geometry": _geometry(x, top, len(token) * CHAR_W, LINE_H),
                    "Page": 1}
            words.append(word)
            word_ids.append(word["Id"])
            x += (len(token) + 1) * CHAR_W
        line = {"BlockType": "LINE", "Id": self._id(), "Text": text, "Confidence": conf,
                "Geometry": _geometry(left, top, x - left, LINE_H), "Page": 1,
                "Relationships": [{"Type": "CHILD", "Ids": word_ids}]}
        self.page["Relationships"] = [{"Type": "CHILD", "Ids": [*_child_ids(self.page), line["Id"]]}]
        self.blocks += [line, *words]
        return word_ids

    def table(self, left: float, top: float, widths: list[float], rows: list[list[str]],
              merged: tuple[tuple[int, int, int, int], ...] = (), header_rows: int = 1) -> None:
        """A ruled table. Every grid position is a CELL (spans 1); each `merged` entry
        (row, column, row span, column span) adds a MERGED_CELL over those cells, as
        Textract does for department headers and positions shared by several rows."""
        table = {"BlockType": "TABLE", "Id": self._id(), "Confidence": 98.0, "EntityTypes": ["STRUCTURED_TABLE"],
                 "Geometry": _geometry(left, top, sum(widths), LINE_H * 2 * len(rows)), "Page": 1}
        cells: list[str] = []
        cell_at: dict[tuple[int, int], str] = {}
        for r, row in enumerate(rows, start=1):
            y = top + (r - 1) * LINE_H * 2
            for c, text in enumerate(row, start=1):
                x = left + sum(widths[: c - 1])
                children = self.line(text, x + 0.003, y + 0.004) if text else []
                cell = {"BlockType": "CELL", "Id": self._id(), "Confidence": 95.5, "RowIndex": r,
                        "ColumnIndex": c, "RowSpan": 1, "ColumnSpan": 1, "Page": 1,
                        "Geometry": _geometry(x, y, widths[c - 1], LINE_H * 2)}
                if r <= header_rows:
                    cell["EntityTypes"] = ["COLUMN_HEADER"]
                if children:
                    cell["Relationships"] = [{"Type": "CHILD", "Ids": children}]
                self.blocks.append(cell)
                cells.append(cell["Id"])
                cell_at[(r, c)] = cell["Id"]
        merged_ids = []
        for r, c, row_span, col_span in merged:
            covered = [cell_at[(r + i, c + j)] for i in range(row_span) for j in range(col_span)]
            block = {"BlockType": "MERGED_CELL", "Id": self._id(), "Confidence": 93.0, "RowIndex": r,
                     "ColumnIndex": c, "RowSpan": row_span, "ColumnSpan": col_span, "Page": 1,
                     "Geometry": _geometry(left + sum(widths[: c - 1]), top + (r - 1) * LINE_H * 2,
                                           sum(widths[c - 1: c - 1 + col_span]), LINE_H * 2 * row_span),
                     "Relationships": [{"Type": "CHILD", "Ids": covered}]}
            self.blocks.append(block)
            merged_ids.append(block["Id"])
        table["Relationships"] = [{"Type": "CHILD", "Ids": cells}]
        if merged_ids:
            table["Relationships"].append({"Type": "MERGED_CELL", "Ids": merged_ids})
        self.blocks.append(table)

    def key_value(self, key: str, value: str, left: float, top: float) -> None:
        """A FORMS pair: KEY block -> VALUE block, each holding its words."""
        key_words = self.line(key, left, top)
        value_words = self.line(value, left + (len(key) + 1) * CHAR_W, top)
        value_block = {"BlockType": "KEY_VALUE_SET", "Id": self._id(), "EntityTypes": ["VALUE"], "Confidence": 90.0,
                       "Geometry": _geometry(left + 0.1, top, 0.2, LINE_H), "Page": 1,
                       "Relationships": [{"Type": "CHILD", "Ids": value_words}]}
        key_block = {"BlockType": "KEY_VALUE_SET", "Id": self._id(), "EntityTypes": ["KEY"], "Confidence": 90.0,
                     "Geometry": _geometry(left, top, 0.1, LINE_H), "Page": 1,
                     "Relationships": [{"Type": "VALUE", "Ids": [value_block["Id"]]},
                                       {"Type": "CHILD", "Ids": key_words}]}
        self.blocks += [key_block, value_block]

    def response(self) -> dict[str, Any]:
        return {"DocumentMetadata": {"Pages": 1}, "Blocks": self.blocks,
                "AnalyzeDocumentModelVersion": "1.0"}


def _child_ids(block: dict[str, Any]) -> list[str]:
    return [i for rel in block.get("Relationships", []) for i in rel["Ids"]]


def _geometry(left: float, top: float, width: float, height: float) -> dict[str, Any]:
    return {"BoundingBox": {"Left": left, "Top": top, "Width": width, "Height": height},
            "Polygon": [{"X": left, "Y": top}, {"X": left + width, "Y": top},
                        {"X": left + width, "Y": top + height}, {"X": left, "Y": top + height}]}


def crew_table_page() -> TextractPage:
    """A crew list: column headers, a merged department row, a row-spanning position."""
    page = TextractPage()
    page.line("CREW LIST", 0.40, 0.05)
    page.table(
        0.05, 0.10, [0.25, 0.22, 0.20, 0.28],
        [
            ["POSITION", "NAME", "PHONE", "EMAIL"],
            ["CAMERA", "", "", ""],
            ["Director of Photography", "Ana Ruiz", "(310) 555-0142", "ana.ruiz@example.com"],
            ["Camera Operator", "Sam Lee", "310-555-0143", "sam.lee@example.com"],
            ["", "Kim Park", "310-555-0144", "kim.park@example.com"],
            ["ELECTRIC", "", "", ""],
            ["Gaffer", "Joe Brandt", "310.555.0145", "joe@example.com"],
        ],
        merged=((2, 1, 1, 4), (4, 1, 2, 1), (6, 1, 1, 4)),
    )
    return page


def forms_page() -> TextractPage:
    """A header with key-value pairs (FORMS)."""
    page = TextractPage()
    page.line("NORTHLIGHT PICTURES  Office: (310) 555-0100", 0.05, 0.04)
    page.key_value("Producer:", "Maya Lindqvist 310-555-0161", 0.05, 0.10)
    page.key_value("UPM:", "Omar Haddad 310-555-0162", 0.05, 0.13)
    page.key_value("1st AD:", "Lena Fischer 310-555-0163", 0.55, 0.10)
    return page
