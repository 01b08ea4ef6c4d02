"""A model's contacts -> `Contact`s, through the same record logic as `pattern`.

Each model contact becomes a `Record` (raw strings, as if read from a table row) and
`contacts.record_contacts` does the rest: E.164 phones in the production's region,
lower-cased e-mails without shared mailboxes, natural-order names, canonical roles (with
the department header for context-dependent labels like `Best Boy`), cast characters, and
no contact for organisations or placeholder rows the model may have listed.
"""
from __future__ import annotations

from callsheet.extraction.ai.answer import ModelContact
from callsheet.extraction.normalize.roles import fold_label, lexicon
from callsheet.extraction.pattern.contacts import record_contacts
from callsheet.extraction.pattern.records import Record
from callsheet.extraction.types import Contact

_CAST = {"cast", "actor", "actress", "talent", "performer"}


def to_contacts(answer: ModelContact, index: int, region: str) -> list[Contact]:
    """The people in one model contact (usually one; none for an organisation)."""
    roles = [r for r in [answer.role or "", *answer.roles] if r]
    roles = list(dict.fromkeys(roles))
    is_cast = bool(answer.character) or any(fold_label(r) in _CAST for r in roles)
    header = lexicon().match_department_header(answer.department) if answer.department else None
    record = Record(
        name=answer.name,
        page=answer.page or 1,
        y=float(index),
        x=0.0,
        role=" / ".join(roles) if len(roles) > 1 and not is_cast else (roles[0] if roles else ""),
        dept_header=header,
        phones=list(answer.phones),
        emails=[answer.email] if answer.email else [],
        character=answer.character or "",
        kind="cast" if is_cast else "crew",
        evidence={"ai"},
    )
    contacts = record_contacts(record, region)
    for contact in contacts:
        contact.confidence = answer.confidence
        contact.sources = ["ai"]
        contact.page = answer.page
    return contacts
