"""Normalisers for what call sheets print: phones, e-mails, names, roles and departments.

Pure functions over strings (no PyMuPDF, no layout): the pattern extractor calls them for
every cell, so they are precompiled and cached. Each module is tested on its own.
"""
from __future__ import annotations

from callsheet.extraction.normalize.accents import restore_accents
from callsheet.extraction.normalize.emails import (
    find_emails,
    is_generic_mailbox,
    is_partial_email,
    join_email_parts,
    normalize_email,
)
from callsheet.extraction.normalize.names import (
    looks_like_person,
    name_key,
    normalize_character,
    normalize_name,
)
from callsheet.extraction.normalize.orgs import is_organization, is_placeholder
from callsheet.extraction.normalize.phones import (
    PhoneMatch,
    find_phones,
    infer_region,
    normalize_phone,
)
from callsheet.extraction.normalize.roles import RoleLexicon, RoleMatch, lexicon

__all__ = [
    "PhoneMatch",
    "RoleLexicon",
    "RoleMatch",
    "find_emails",
    "find_phones",
    "infer_region",
    "is_generic_mailbox",
    "is_organization",
    "is_partial_email",
    "is_placeholder",
    "join_email_parts",
    "lexicon",
    "looks_like_person",
    "name_key",
    "normalize_character",
    "normalize_email",
    "normalize_name",
    "normalize_phone",
    "restore_accents",
]
