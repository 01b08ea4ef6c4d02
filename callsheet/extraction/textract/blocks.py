"""Textract `Block`s -> a `Page` of `Word`s, the structure `pattern` already parses.

Words keep Textract's geometry (scaled from page ratios to points) and confidence
(0-100 -> 0..1). The `block` number groups words the way PyMuPDF groups them in a ruled
table: one block per table cell (a merged cell, e.g. a department header spanning the
row, is one block), one per form key with its value, one per remaining line. `line` is the
Textract LINE the word belongs to, so (block, line) identifies a line of text inside a cell.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from callsheet.extraction.types import Page, Word

Block = Mapping[str, Any]


@dataclass(slots=True)
class BlockSummary:
    """What a page held besides words, for metadata."""

    tables: int = 0
    cells: int = 0
    merged_cells: int = 0
    key_values: int = 0
    confidences: list[float] = field(default_factory=list)


def children(block: Block, kind: str = "CHILD") -> list[str]:
    """Ids related to `block` by relationship `kind` (CHILD, VALUE, MERGED_CELL...)."""
    ids: list[str] = []
    for rel in block.get("Relationships") or ():
        if rel.get("Type") == kind:
            ids.extend(rel.get("Ids") or ())
    return ids


def page_from_blocks(
    blocks: Iterable[Block], number: int, width: float, height: float
) -> tuple[Page, BlockSummary]:
    """One analysed page -> `Page` (source "textract") and a summary of its tables and forms."""
    blocks = list(blocks)
    by_id = {b["Id"]: b for b in blocks if "Id" in b}
    summary = BlockSummary()
    line_of: dict[str, int] = {}
    for n, line in enumerate(b for b in blocks if b.get("BlockType") == "LINE"):
        for word_id in children(line):
            line_of.setdefault(word_id, n)
    group_of = _groups(blocks, by_id, summary)

    words: list[Word] = []
    next_group = max(group_of.values(), default=-1) + 1
    line_groups: dict[int, int] = {}
    for block in blocks:
        if block.get("BlockType") != "WORD" or not block.get("Text"):
            continue
        box = (block.get("Geometry") or {}).get("BoundingBox") or {}
        left, top = float(box.get("Left", 0.0)), float(box.get("Top", 0.0))
        line = line_of.get(block["Id"], -1)
        group = group_of.get(block["Id"])
        if group is None:
            if line not in line_groups:
                line_groups[line] = next_group
                next_group += 1
            group = line_groups[line]
        conf = float(block.get("Confidence", 100.0)) / 100.0
        summary.confidences.append(conf)
        words.append(
            Word(
                x0=left * width,
                y0=top * height,
                x1=(left + float(box.get("Width", 0.0))) * width,
                y1=(top + float(box.get("Height", 0.0))) * height,
                text=block["Text"],
                block=group,
                line=line,
                conf=max(0.0, min(1.0, conf)),
            )
        )
    return Page(number=number, width=width, height=height, words=words, source="textract"), summary


def _groups(blocks: list[Block], by_id: Mapping[str, Block], summary: BlockSummary) -> dict[str, int]:
    """Word id -> group number: merged cells first, then cells, then form key + value."""
    group_of: dict[str, int] = {}
    merged_into: dict[str, str] = {}
    for block in blocks:
        kind = block.get("BlockType")
        if kind == "TABLE":
            summary.tables += 1
        elif kind == "MERGED_CELL":
            summary.merged_cells += 1
            for cell_id in children(block):
                merged_into[cell_id] = block["Id"]
        elif kind == "CELL":
            summary.cells += 1
    numbers: dict[str, int] = {}

    def number_for(key: str) -> int:
        return numbers.setdefault(key, len(numbers))

    for block in blocks:
        kind = block.get("BlockType")
        if kind == "CELL":
            owner = merged_into.get(block["Id"], block["Id"])
            for word_id in children(block):
                if by_id.get(word_id, {}).get("BlockType") == "WORD":
                    group_of[word_id] = number_for(owner)
        elif kind == "KEY_VALUE_SET" and "KEY" in (block.get("EntityTypes") or ()):
            summary.key_values += 1
            owner = block["Id"]
            word_ids = children(block)
            for value_id in children(block, "VALUE"):
                word_ids += children(by_id.get(value_id, {}))
            for word_id in word_ids:
                if by_id.get(word_id, {}).get("BlockType") == "WORD":
                    group_of.setdefault(word_id, number_for(owner))
    return group_of
