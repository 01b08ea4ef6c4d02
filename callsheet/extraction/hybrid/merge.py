"""One contact per person, when several readings (pages, chunks, methods) found them.

People are matched by e-mail, then by phone, then by normalised name. A shared phone alone
never merges two different names: production offices and agents print one number for many
people. The first reading of a person wins each field it has (callers put text-layer
contacts first); later readings only fill gaps and add numbers, roles and sources.
"""
from __future__ import annotations

from callsheet.extraction.ai.printed import fold
from callsheet.extraction.normalize.names import name_key
from callsheet.extraction.types import Contact

_FILLED = ("role", "department", "email", "character", "company", "phone_ext")


def merge_people(contacts: list[Contact]) -> list[Contact]:
    """Contacts merged per person, in order of first appearance."""
    people: list[Contact] = []
    for contact in contacts:
        same = find_person(people, contact)
        if same is None:
            people.append(contact)
        else:
            absorb(same, contact)
    return people


def find_person(people: list[Contact], contact: Contact) -> Contact | None:
    """The person in `people` that `contact` is another reading of, if any."""
    if contact.email:
        for person in people:
            if person.email == contact.email and _share_a_name(person, contact):
                return person
    numbers = set(contact.phones or ([contact.phone] if contact.phone else []))
    key = name_key(contact.name)
    for person in people:
        theirs = set(person.phones or ([person.phone] if person.phone else []))
        if numbers & theirs and _same_name(person, contact):
            return person
    for person in people:
        if name_key(person.name) == key:
            return person
    return None


def absorb(person: Contact, other: Contact) -> None:
    """Add what `other` knows about `person` without overwriting what `person` has."""
    for name in _FILLED:
        if getattr(person, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(person, name, getattr(other, name))
    phones = list(person.phones or ([person.phone] if person.phone else []))
    phones += [p for p in other.phones or ([other.phone] if other.phone else []) if p not in phones]
    person.phones = phones
    person.phone = person.phone or (phones[0] if phones else None)
    roles = list(person.roles or ([person.role] if person.role else []))
    roles += [r for r in other.roles or ([other.role] if other.role else []) if r not in roles]
    person.roles = roles if len(roles) > 1 else []
    person.sources = sorted({*person.sources, *other.sources})
    person.confidence = max(person.confidence, other.confidence)
    if other.page is not None and (person.page is None or other.page < person.page):
        person.page = other.page


def _tokens(name: str) -> set[str]:
    return {t for t in fold(name).split() if len(t) > 1}


def _same_name(a: Contact, b: Contact) -> bool:
    """Same person by name: equal keys, or one name's words all within the other's."""
    if name_key(a.name) == name_key(b.name):
        return True
    ta, tb = _tokens(a.name), _tokens(b.name)
    return bool(ta and tb) and (ta <= tb or tb <= ta)


def _share_a_name(a: Contact, b: Contact) -> bool:
    """A looser test for a shared personal e-mail (`Kim Park` / `Kimberly Park`)."""
    return bool(_tokens(a.name) & _tokens(b.name))
