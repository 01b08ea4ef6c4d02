"""A `Record` is one row's raw evidence about one or more people, before normalization.

Table rows (tables.py) and free text (blocks.py) both produce records; contacts.py turns them
into `Contact`s. Keeping the raw strings until then lets one place decide what is a person,
which number is whose and how sure we are.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from callsheet.extraction.normalize.names import looks_like_person, name_key
from callsheet.extraction.normalize.roles import lexicon


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
    role_stack: list[str] = field(default_factory=list)  # `A / B` roles shared by stacked names
    stack_index: int = 0
    doubts: set[str] = field(default_factory=set)  # unknown-role, unread-number (confidence.py)

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


def is_contact_person(text: str) -> bool:
    """The person in `Company (Contact Person)`: a full name in the closing parentheses, where
    `Name (Role)` has a role. Nobody writes a person's name after another person's."""
    text = text.strip()
    return len(text.split()) >= 2 and looks_like_person(text) and not lexicon().match_role(text)


def spells_name(email: str, name: str) -> bool:
    """True if an address's mailbox or domain spells a part of `name` (`wpendergast@`,
    `info@isaiahsandoval.example`): whose address it is, when a row holds two people."""
    address = name_key(email.replace(".", " ").replace("_", " ").replace("-", " ").replace("@", " "))
    glued = address.replace(" ", "")
    return any(len(t) > 2 and t in glued for t in name_key(name).split())


def inherit_role(above: Record, record: Record) -> None:
    """`record` has no role and sits under `above` in the same cell or column.

    `Costume Designer / Costume Sup.` over two stacked names gives one role each, in order;
    a single role is shared (`Grip` over `A` and `B`).
    """
    parts = above.role_stack
    if not parts and "/" in above.role and "/" not in above.name:
        parts = [p.strip() for p in above.role.split("/") if p.strip()]
    if len(parts) > 1:
        if not above.role_stack:
            above.role_stack, above.role = parts, parts[0]
        index = above.stack_index + 1
        record.role = parts[min(index, len(parts) - 1)]
        record.role_stack, record.stack_index = parts, index
    else:
        record.role = above.role
    record.evidence.add("inherited-role")
