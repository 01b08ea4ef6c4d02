"""Department headers and labels that name a department but no canonical role.

`GRIPS`, `CAMERA (cont'd)`, `LICHT`, `MAQUILLAJE Y PELUQUERÍA` head a section; `Regidora`,
`Aufnahmeleitung` or `Sarta` are jobs with no canonical role: the person keeps role null and
the department of the job (or of the section it sits under). Vendor labels (`Proveedor`)
give neither. `RoleLexicon` (roles.py) builds on this table.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from callsheet.extraction.normalize.bilingual import translation, two_languages
from callsheet.extraction.normalize.labels import fold_label, variants

__all__ = ["CONTINUED", "DepartmentTable"]

CONTINUED = re.compile(
    r"\(?\s*\b(?:cont(?:'|’)?d|cont\.?|continued|suite|forts\.?|fortsetzung|segue|continuación|continua)\s*\)?\s*$",
    re.IGNORECASE,
)
_DEPT_SUFFIX = re.compile(r"\s+(?:department|dept|crew|team|unit|staff|personnel|section|list|contacts)\s*$")
_MEMO_SIZE = 20_000


def _accented_key(text: str) -> str:
    """Like fold_label but keeping accents: `RÉGIE` (French, locations) is not `REGIE` (German, directing)."""
    text = unicodedata.normalize("NFC", CONTINUED.sub("", text.strip().strip(":-–— "))).casefold()
    return " ".join(re.sub(r"[^\w&/]+", " ", text).split())


class DepartmentTable:
    """Canonical departments with their header spellings, and department-only job labels."""

    def __init__(self, sources: tuple[dict, ...]) -> None:
        self._memo: dict[tuple, object] = {}
        self._dept_alias: dict[str, str] = {}
        self._dept_accented: dict[str, str] = {}
        self._dept_only: dict[str, str | None] = {}  # job label -> its department (None: the header's)
        self._vendor_labels: set[str] = set()
        for source in sources:
            for dept, labels in source.get("departments", {}).items():
                for label in [dept, *labels]:
                    self._dept_alias.setdefault(fold_label(label), dept)
                    if not label.isascii():
                        self._dept_accented.setdefault(_accented_key(label), dept)
            for label, dept in source.get("no_role", {}).items():
                for variant in variants(fold_label(label)):
                    self._dept_only.setdefault(variant, dept)
            self._vendor_labels.update(fold_label(v) for v in source.get("vendors", []))

    def _memo_get(self, key: tuple, compute: Callable[[], object]) -> object:
        """Per-lexicon memo: layout asks about the same cell texts several times per page."""
        try:
            return self._memo[key]
        except KeyError:
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    def departments(self) -> list[str]:
        """Canonical department names."""
        return sorted(set(self._dept_alias.values()))

    @staticmethod
    def _header_key(text: str) -> str:
        return fold_label(CONTINUED.sub("", text.strip().strip(":-–— ")))

    def _header_departments(self, text: str) -> list[str]:
        return self._memo_get(("header", text), lambda: self._header_departments_of(text))  # type: ignore[return-value]

    def _header_departments_of(self, text: str) -> list[str]:
        if not text.isascii() and (exact := self._dept_accented.get(_accented_key(text))):
            return [exact]
        key = self._header_key(text)
        if not key:
            return []
        if key in self._dept_alias:
            return [self._dept_alias[key]]
        key = _DEPT_SUFFIX.sub("", key)
        if key in self._dept_alias:
            return [self._dept_alias[key]]
        parts = [p.strip() for p in re.split(r"\s*(?:/| and | y | und | e )\s*", key) if p.strip()]
        depts = [self._dept_alias.get(_DEPT_SUFFIX.sub("", p)) for p in parts]
        if len(parts) > 1 and all(depts):
            return list(dict.fromkeys(d for d in depts if d))
        return []

    def match_department_header(self, text: str, bilingual: bool = False) -> str | None:
        """Canonical department of a department header row (`GRIPS`, `CAMERA (cont'd)`); in a
        table whose titles are printed in two languages, `RÉGIE / LOCATIONS` is one department."""
        if halves := two_languages(text):
            found = [self._header_departments(h) for h in halves]
            each = [f[0] if len(f) == 1 else None for f in found]
            if (each[0] and each[0] == each[1]) or (bilingual and (each[0] or each[1])):
                if one := translation(halves, each):
                    return one
        found = self._header_departments(text)
        return found[0] if found else None

    def is_vendor_label(self, label: str) -> bool:
        """True for a label that says the row is a supplier (`Vendor`, `Proveedor`, `Fornitore`)."""
        return fold_label(label).strip(" /:") in self._vendor_labels

    def label_department(self, label: str, header_department: str | None) -> str | None:
        """Department of a person whose label has no canonical role (`Regidora`, `Sarta`).

        The job's own department when the lexicon knows it (`Außenrequisite` is props work
        even under an art header), else the section header's; a vendor label gives none.
        """
        key = fold_label(CONTINUED.sub("", label.strip())).strip(" /:'\"*")
        if key in self._vendor_labels:
            return None
        return self._dept_only.get(key) or header_department
