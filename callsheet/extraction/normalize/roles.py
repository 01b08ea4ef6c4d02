"""Crew positions and departments: printed labels -> canonical names from roles.json.

Matching is on word boundaries over a folded form of the text (case, accents, periods and
hyphens ignored) so `Art Director` never yields `Director` and `Accountant` never `AC`.
Short labels such as `Best Boy` or `Key` need the department header they sit under.
roles.json (a copy of the corpus file) is the source of canonical names; the language files
in lexicon/ (languages.py) add the labels each language prints, both genders.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from callsheet.extraction.normalize.departments import CONTINUED, DepartmentTable
from callsheet.extraction.normalize.labels import fold_label, fold_with_map, inclusive_spans, trie_regex, variants
from callsheet.extraction.normalize.languages import merged

__all__ = ["RoleLexicon", "RoleMatch", "fold_label", "lexicon"]

_DATA = Path(__file__).resolve().parent
_ROLES_JSON = _DATA.parent / "roles.json"
_UNIT_NUMBER = re.compile(r"\s*(?:#\s*\d+|\(\s*\d+\s*\)|\b\d+)\s*$")
# Qualifiers that do not change the position: "A Cam Focus Puller", "Add'l Grip", "Grip Trainee".
_QUALIFIER_PREFIX = re.compile(
    r"^(?:[abcd] (?:cam|camera|unit)|additional|addl|add'l|day player|daily|dayplayer|2nd unit|second unit"
    r"|splinter unit|main unit|trainee|junior|jr|senior|sr|utility|extra|night|swing|standby|on set|set)\s+"
)
_QUALIFIER_SUFFIX = re.compile(r"\s+(?:trainee|2nd unit|second unit|splinter|daily|day player|days?|nights?)$")
_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A role label found in text: canonical role, its department, span and printed label."""

    role: str
    department: str
    start: int
    end: int
    label: str


# A narrow cell breaks a long word without a hyphen: `Produktionskoordinati` / `on`.
_BROKEN_WORD = re.compile(r"(?<=[^\W\d_]{6}) (?=[a-zäöüß]{1,3}\b)")
# OCR's readings of ü and ß inside a German role word (`Kostiimbild`, `AuBenrequisite`): tried
# only when the printed label is no role, and kept only when the reading is one
_OCR_UMLAUT = re.compile(r"(?<=[^\W\d_])ii(?=[^\W\d_])")
_OCR_ESZETT = re.compile(r"(?<=[aeiouäöü])B(?=[a-zäöü])")
# what OCR reads around a cell: specks, quotes and the table's rulings (`“Requisite. -`, `| Fahrer`)
OCR_SPECKS = " :;-–—|_!“”\"‘’‚„"
_ACRONYM = re.compile(r"^[A-Z0-9.]{2,6}$")
_ABBREVIATIONS = frozenset(
    "dir asst coord prod mgr sup supv op dept exec cam elec loc capt des acct sec svc svcs".split()
)


def _abbreviated(key: str) -> bool:
    """True if a label ends in a word that sheets abbreviate with a period (`Dir.`)."""
    return key.rsplit(" ", 1)[-1] in _ABBREVIATIONS


class RoleLexicon(DepartmentTable):
    """Canonical roles and departments with precompiled matchers; build once with `lexicon()`."""

    def __init__(self, base: dict, extra: dict | None = None) -> None:
        extra = extra or {}
        super().__init__((base, extra))
        self.role_department: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        self._variant_alias: dict[str, str] = {}
        self._acronyms: set[str] = set()
        self._context: dict[str, list[tuple[str, str, str]]] = {}  # label -> (header, dept, role)
        self._context_default: dict[str, str] = dict(extra.get("context_default", {}))
        for role, spec in base["roles"].items():
            self.role_department[role] = spec["department"]
        for role, spec in extra.get("roles", {}).items():
            if isinstance(spec, dict):
                self.role_department.setdefault(role, spec["department"])
        for source in (base, extra):
            for role, spec in source.get("roles", {}).items():
                aliases = spec["aliases"] if isinstance(spec, dict) else spec
                for label in [role, *aliases]:
                    key = fold_label(label)
                    self._alias.setdefault(key, role)
                    for variant in variants(key):
                        self._variant_alias.setdefault(variant, role)
                    if _ACRONYM.match(label) and not label[:1].isdigit():
                        self._acronyms.add(key)
        for source in (base, extra):
            for rule in source.get("context_dependent", []):
                dept = self._dept_alias.get(fold_label(rule["under_header"]))
                if dept is None:
                    dept = self.match_department_header(rule["under_header"])
                if dept:
                    entry = (self._header_key(rule["under_header"]), dept, rule["role"])
                    for variant in variants(fold_label(rule["label"])):
                        self._context.setdefault(variant, []).append(entry)
        for variant, role in self._variant_alias.items():
            self._alias.setdefault(variant, role)
        self._context_default = {fold_label(k): v for k, v in self._context_default.items()}
        words = sorted({fold_label(q) for q in extra.get("qualifiers", [])}, key=len, reverse=True)
        self._qualifiers = re.compile(r"^(?:" + "|".join(map(re.escape, words)) + r")\s+|\s+(?:"
                                      + "|".join(map(re.escape, words)) + r")$") if words else None
        labels = sorted(set(self._alias) | set(self._context), key=len, reverse=True)
        self._finder = re.compile(r"(?<![a-z0-9'])(" + trie_regex(labels) + r")s?(?![a-z0-9])")
        self._memo.clear()

    def department_of(self, role: str) -> str | None:
        """Department of a canonical role or of any label that maps to one."""
        canonical = self.canonical(role)
        return self.role_department.get(canonical) if canonical else None

    # -- roles -------------------------------------------------------------------------
    def canonical(self, role_label: str) -> str | None:
        """Canonical role for a label, without header context (None if unknown)."""
        if not role_label:
            return None
        return self._alias.get(self._clean(role_label))

    def _clean(self, text: str) -> str:
        text = CONTINUED.sub("", text.strip())
        return fold_label(text).strip(" /'\"*")

    def _resolve(self, key: str, header: str | None) -> str | None:
        rules = self._context.get(key)
        if rules:
            if header:
                wanted = self._header_key(header)
                words = set(wanted.split())
                for rule_header, _, role in rules:  # the header as printed: HAIR vs MAKEUP
                    if rule_header == wanted:
                        return role
                for rule_header, _, role in rules:
                    if set(rule_header.split()) - {"/", "and"} <= words:
                        return role
                for dept in self._header_departments(header):
                    for _, rule_dept, role in rules:
                        if rule_dept == dept:
                            return role
            if key in self._context_default:
                return self._context_default[key]
            if key not in self._alias:
                return None
        return self._alias.get(key)

    def _lookup(self, key: str, header: str | None) -> str | None:
        """Role for a folded label, then for its singular, then without a qualifier (`A Cam`)."""
        role = self._resolve(key, header)
        if role is None and key.endswith("s"):  # plurals: "Set PAs", "Camera Operators"
            role = self._resolve(re.sub(r"s(?=\s|$)", "", key), header) or self._resolve(key[:-1], header)
        if role is None:
            bare = _QUALIFIER_SUFFIX.sub("", _QUALIFIER_PREFIX.sub("", key))
            if self._qualifiers is not None:  # `Renfort électro`, `Elettricista aggiunto`
                bare = self._qualifiers.sub("", bare).strip()
            if bare and bare != key:
                role = self._resolve(bare, header)
        return role

    def match_role(self, text: str, department_header: str | None = None) -> RoleMatch | None:
        """The role when the whole cell is one role label (`1st A.D.`, `Best Boy` + header)."""
        key = ("role", text, department_header)
        return self._memo_get(key, lambda: self._match_role(text, department_header))  # type: ignore[return-value]

    def _match_role(self, text: str, department_header: str | None) -> RoleMatch | None:
        if not text or len(text) > 80:
            return None
        role = self._lookup(self._clean(text), department_header)
        if role is None:
            for pattern in (_PARENS, _UNIT_NUMBER):
                shorter = pattern.sub("", text).strip()
                if shorter and shorter != text.strip():
                    role = self._lookup(self._clean(shorter), department_header)
                    if role:
                        break
        if role is None and " " in text and (joined := _BROKEN_WORD.sub("", text)) != text:
            role = self._lookup(self._clean(joined), department_header)  # `Motiv-Aufnahmeleitun g`, wrapped
        if role is None and ("ii" in text or "B" in text):
            read = _OCR_ESZETT.sub("ß", _OCR_UMLAUT.sub("ü", text))
            role = self._lookup(self._clean(read), department_header) if read != text else None
        if role is None:
            return None
        stripped = text.strip()
        start = text.find(stripped)
        return RoleMatch(role, self.role_department[role], start, start + len(stripped), stripped)

    def labels(self) -> list[str]:
        """Every folded role label and department alias (for vocabulary checks)."""
        return [*self._alias, *self._context, *self._dept_alias]

    def is_acronym(self, label: str) -> bool:
        """True for short capital labels (`DP`, `UPM`, `1st AD` excepted) matched only in capitals."""
        return fold_label(label) in self._acronyms

    def is_role_label(self, text: str) -> bool:
        """True if the whole string is a role label, even one that needs a header (`Best Boy`)."""
        key = self._clean(text)
        if key in self._alias or key in self._context or self._lookup(key, None):
            return True
        return re.sub(r"s(?=\s|$)", "", key) in self._context  # "Best Boys"

    def find_roles(self, text: str, department_header: str | None = None) -> list[RoleMatch]:
        """Role labels inside a longer string, on word boundaries, longest label first."""
        key = ("find", text, department_header)
        return list(self._memo_get(key, lambda: tuple(self._find_roles(text, department_header))))  # type: ignore[call-overload]

    def _find_roles(self, text: str, department_header: str | None) -> list[RoleMatch]:
        folded, index = fold_with_map(text)
        endings = dict(inclusive_spans(text))
        out: list[RoleMatch] = []
        for m in self._finder.finditer(folded):
            key = m.group(1)
            start, end = index[m.start(1)], index[m.end(1) - 1] + 1
            end = endings.get(end, end)  # `Director/a` is one label
            if end < len(text) and text[end] == "." and ("." in text[start:end] or end - start <= 5
                                                         or not text[end - 1].isalpha() or _abbreviated(key)):
                end += 1
            label = text[start:end]
            if key in self._acronyms and (not label.replace(".", "").replace(" ", "").isupper()
                                          or re.search(r"\d\s*$", text[:start])):
                continue  # "Pa" as a word, "7:00 PM": only capitals, never after a number
            role = self._resolve(key, department_header)
            if role:
                out.append(RoleMatch(role, self.role_department[role], start, end, label))
        return out

    def matches_preference(self, role: str, pref: str) -> bool:
        """True if `role` is what a user preference names (`1st AD`, `Director`, `Camera`).

        A preference naming a role matches that role only (`Director` is not `Art Director`);
        one naming a department matches its roles; otherwise word-boundary text matching.
        """
        canonical = self.canonical(role) or role
        wanted = self.canonical(pref)
        if wanted:
            return wanted == canonical
        dept = self.match_department_header(pref)
        if dept:
            return self.role_department.get(canonical) == dept
        needle = fold_label(pref)
        return bool(needle) and re.search(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])",
                                          fold_label(canonical)) is not None


@lru_cache(maxsize=1)
def lexicon() -> RoleLexicon:
    """The process-wide lexicon (built on first use, then cached)."""
    base = json.loads(_ROLES_JSON.read_text(encoding="utf-8"))
    return RoleLexicon(base, merged())
