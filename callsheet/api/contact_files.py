"""A job's contacts as files a coordinator opens elsewhere: CSV for spreadsheets, vCard for phones.

Both take the contacts as the API shows them (`views.contact_view`), so a file says what
the JSON says.

- **CSV**: UTF-8 with a byte-order mark (Excel reads accents right only with it), CRLF
  line ends (RFC 4180). A text cell that a spreadsheet would run as a formula (starting
  with `=`, `+`, `-`, `@`, a tab or a carriage return; a call sheet is a third party's
  document) is prefixed with `'` (OWASP's advice on CSV injection); E.164 phone numbers
  (`+` and digits only) are left as they are.
- **vCard 3.0** (vobject), the version iOS, Android and Google Contacts all import: one
  card per contact with a phone or an e-mail. `TEL` in E.164 typed from the number
  (`CELL` for mobiles and for plans that do not tell, `WORK` for fixed lines) with `pref`
  on the primary one; `TITLE` the role, `ORG` the company (or the production when the
  extraction reports one), `NOTE` the department, character, extension and source sheet.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

CSV_COLUMNS = ("name", "role", "department", "phone", "phones", "email", "character", "company", "confidence",
               "page")
PHONES_SEPARATOR = ", "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_E164 = re.compile(r"\+[0-9]{4,15}")


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined, None empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, list):
        return PHONES_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _E164.fullmatch(value):
        return "'" + value
    return value


def contacts_csv(contacts: Iterable[Mapping[str, Any]]) -> bytes:
    """One row per contact under a header row of `CSV_COLUMNS`; UTF-8 with BOM."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for contact in contacts:
        writer.writerow([_cell(contact.get(column)) for column in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def _phone_types(number: str, primary: bool) -> list[str]:
    import phonenumbers
    from phonenumbers import PhoneNumberType

    try:
        kind = phonenumbers.number_type(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        kind = PhoneNumberType.UNKNOWN
    if kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE):
        types = ["CELL", "VOICE"]
    elif kind == PhoneNumberType.FIXED_LINE:
        types = ["WORK", "VOICE"]
    else:
        types = ["VOICE"]
    return [*types, "pref"] if primary else types


def _structured_name(name: str) -> Any:
    """vCard's N (family; given; additional; prefix; suffix) from a name in natural order."""
    import vobject
    from nameparser import HumanName

    parsed = HumanName(name)
    if not parsed.first and not parsed.last:
        return vobject.vcard.Name(given=name)
    return vobject.vcard.Name(family=parsed.last, given=parsed.first, additional=parsed.middle,
                              prefix=parsed.title, suffix=parsed.suffix)


def _note(contact: Mapping[str, Any], source: str | None) -> str:
    lines = []
    for label, key in (("Department", "department"), ("Character", "character"), ("Extension", "phoneExt")):
        if contact.get(key):
            lines.append(f"{label}: {contact[key]}")
    if source:
        lines.append(f"From call sheet: {source}")
    return "\n".join(lines)


def contact_card(contact: Mapping[str, Any], production: str | None = None, source: str | None = None) -> Any:
    """The vCard of one contact (a vobject component), or None when it has no phone and no e-mail."""
    import vobject

    phones = list(contact.get("phones") or ([contact["phone"]] if contact.get("phone") else []))
    if not phones and not contact.get("email"):
        return None
    card = vobject.vCard()
    name = contact.get("name") or contact.get("email") or phones[0]
    card.add("fn").value = name
    card.add("n").value = _structured_name(name)
    for index, number in enumerate(phones):
        tel = card.add("tel")
        tel.value = number
        tel.type_paramlist = _phone_types(number, primary=index == 0)
    if contact.get("email"):
        email = card.add("email")
        email.value = contact["email"]
        email.type_paramlist = ["INTERNET", "pref"]
    if contact.get("role"):
        card.add("title").value = contact["role"]
    organisation = contact.get("company") or production
    if organisation:
        card.add("org").value = [organisation]
    note = _note(contact, source)
    if note:
        card.add("note").value = note
    return card


def contacts_vcf(contacts: Iterable[Mapping[str, Any]], production: str | None = None,
                 source: str | None = None) -> str:
    """Every card, concatenated (CRLF line ends, as vCard requires)."""
    cards = (contact_card(contact, production, source) for contact in contacts)
    return "".join(card.serialize() for card in cards if card is not None)
