"""A `Record` is one row's raw evidence about one or more people, before normalization.

Table rows (rows.py) and free text (blocks.py) both produce records; contacts.py turns them
into `Contact`s. Keeping the raw strings until then lets one place decide what is a person,
which number is whose and how sure we are.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Record:
    name: str  # raw name cell text; may hold several people ("A / B")
    page: int
    y: float
    x: float
    role: str = ""  # raw role label text ("" when the row has none)
    dept_header: str | None = None  # canonical department of the header row/column above
    phones: list[str] = field(default_factory=list)  # raw phone cell lines
    emails: list[str] = field(default_factory=list)  # raw e-mail cell lines
    character: str = ""
    kind: str = "crew"  # crew | cast | list | key
    evidence: set[str] = field(default_factory=set)  # header, inherited-role, same-line, ...
    last_name: str = ""  # SURNAME column when the table splits names

    def add_line(self, role: str = "", phones: str = "", emails: str = "", character: str = "") -> None:
        """Add a continuation line of this row (a wrapped cell)."""
        if role:
            self.role = f"{self.role} {role}".strip()
        if phones:
            self.phones.append(phones)
        if emails:
            self.emails.append(emails)
        if character:
            self.character = f"{self.character} {character}".strip()
