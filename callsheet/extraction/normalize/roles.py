"""Crew positions and departments: printed labels -> canonical names from roles.json.

Matching is on word boundaries over a folded form of the text (case, accents, periods and
hyphens ignored) so `Art Director` never yields `Director` and `Accountant` never `AC`.
Short labels such as `Best Boy` or `Key` need the department header they sit under.
roles.json (a copy of the corpus file) is the source of canonical names; roles_extra.json
adds labels seen on real sheets (UK, French, abbreviations).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from callsheet.extraction.normalize.labels import fold_label, fold_with_map, trie_regex, variants

__all__ = ["RoleLexicon", "RoleMatch", "fold_label", "lexicon"]

_DATA = Path(__file__).resolve().parent
_ROLES_JSON = _DATA.parent / "roles.json"
_EXTRA_JSON = _DATA / "roles_extra.json"
_CONT = re.compile(r"\(?\s*\b(?:cont(?:'|’)?d|cont\.?|continued|suite)\s*\)?\s*$", re.IGNORECASE)
_UNIT_NUMBER = re.compile(r"\s*(?:#\s*\d+|\(\s*\d+\s*\)|\b\d+)\s*$")
# Qualifiers that do not change the position: "A Cam Focus Puller", "Add'l Grip", "Grip Trainee".
_QUALIFIER_PREFIX = re.compile(
    r"^(?:[abcd] (?:cam|camera|unit)|additional|addl|add'l|day player|daily|dayplayer|2nd unit|second unit"
    r"|splinter unit|main unit|trainee|junior|jr|senior|sr|utility|extra|night|swing|standby|on set|set)\s+"
)
_QUALIFIER_SUFFIX = re.compile(r"\s+(?:trainee|2nd unit|second unit|splinter|daily|day player|days?|nights?)$")
_MEMO_SIZE = 20_000
_PARENS = re.compile(r"\s*\([^)]*\)\s*$")
_DEPT_SUFFIX = re.compile(r"\s+(?:department|dept|crew|team|unit|staff|personnel|section|list|contacts)\s*$")


@dataclass(frozen=True, slots=True)
class RoleMatch:
    """A role label found in text: canonical role, its department, span and printed label."""

    role: str
    department: str
    start: int
    end: int
    label: str


_ACRONYM = re.compile(r"^[A-Z0-9.]{2,6}$")
_ABBREVIATIONS = frozenset(
    "dir asst coord prod mgr sup supv op dept exec cam elec loc capt des acct sec svc svcs".split()
)


def _abbreviated(key: str) -> bool:
    """True if a label ends in a word that sheets abbreviate with a period (`Dir.`)."""
    return key.rsplit(" ", 1)[-1] in _ABBREVIATIONS


class RoleLexicon:
    """Canonical roles and departments with precompiled matchers; build once with `lexicon()`."""

    def __init__(self, base: dict, extra: dict | None = None) -> None:
        extra = extra or {}
        self._memo: dict[tuple, object] = {}
        self.role_department: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        self._variant_alias: dict[str, str] = {}
        self._acronyms: set[str] = set()
        self._dept_alias: dict[str, str] = {}
        self._context: dict[str, list[tuple[str, str, str]]] = {}  # label -> (header, dept, role)
        self._context_default: dict[str, str] = dict(extra.get("context_default", {}))
        for source in (base, extra):
            for dept, labels in source.get("departments", {}).items():
                for label in [dept, *labels]:
                    self._dept_alias.setdefault(fold_label(label), dept)
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
        labels = sorted(set(self._alias) | set(self._context), key=len, reverse=True)
        self._finder = re.compile(r"(?<![a-z0-9'])(" + trie_regex(labels) + r")s?(?![a-z0-9])")
        self._memo.clear()

    def _memo_get(self, key: tuple, compute: Callable[[], object]) -> object:
        """Per-lexicon memo: layout asks about the same cell texts several times per page."""
        try:
            return self._memo[key]
        except KeyError:
            if len(self._memo) > _MEMO_SIZE:
                self._memo.clear()
            value = self._memo[key] = compute()
            return value

    # -- departments -------------------------------------------------------------------
    def departments(self) -> list[str]:
        """Canonical department names."""
        return sorted(set(self._dept_alias.values()))

    @staticmethod
    def _header_key(text: str) -> str:
        return fold_label(_CONT.sub("", text.strip().strip(":-–— ")))

    def _header_departments(self, text: str) -> list[str]:
        return self._memo_get(("header", text), lambda: self._header_departments_of(text))  # type: ignore[return-value]

    def _header_departments_of(self, text: str) -> list[str]:
        key = self._header_key(text)
        if not key:
            return []
        if key in self._dept_alias:
            return [self._dept_alias[key]]
        key = _DEPT_SUFFIX.sub("", key)
        if key in self._dept_alias:
            return [self._dept_alias[key]]
        parts = [p.strip() for p in re.split(r"\s*(?:/| and )\s*", key) if p.strip()]
        depts = [self._dept_alias.get(_DEPT_SUFFIX.sub("", p)) for p in parts]
        if len(parts) > 1 and all(depts):
            return list(dict.fromkeys(d for d in depts if d))
        return []

    def match_department_header(self, text: str) -> str | None:
        """Canonical department of a department header row (`GRIPS`, `CAMERA (cont'd)`)."""
        found = self._header_departments(text)
        return found[0] if found else None

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
        text = _CONT.sub("", text.strip())
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
        out: list[RoleMatch] = []
        for m in self._finder.finditer(folded):
            key = m.group(1)
            start, end = index[m.start(1)], index[m.end(1) - 1] + 1
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
    extra = json.loads(_EXTRA_JSON.read_text(encoding="utf-8")) if _EXTRA_JSON.exists() else {}
    return RoleLexicon(base, extra)
