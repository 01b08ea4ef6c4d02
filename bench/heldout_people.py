"""Invented people, roles and fictional phone ranges for the held-out layout bench.

Names are made up from pools of many origins (particles, apostrophes, hyphens, diacritics);
numbers come from ranges reserved for drama or never assigned. A `Person` remembers every
number and e-mail a layout prints for it, so the truth is exactly what the page shows.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST = ("Ayaan Bríd Cormac Daniela Efua Fionnuala Gökhan Hinemoa Iñaki Jovana Kaito Leilani Mateus Nkechi "
         "Oisín Priya Quilla Rangi Saoirse Tevita Ulla Wairimu Ximena Yusuf Zofia Anouk Bastien Céleste "
         "Dorcas Émile Farida Henrik Ingrid Joaquín Kalani Lorcan Mirela Niamh Otieno Paora Radek Sunniva "
         "Taini Uriel Valtteri Wiremu Yael Zainab Amaru Berit Caoimhe Dagny Eero Folake Gaspard Hélène "
         "Ilse Jarrah Kofi Lucía Mahala Nils Orla Pita Rosalind Sefa Thandiwe Ugo Vesna Wren").split()
FIRST_WIDE = "Łucja Dvořen Tomáš Ngaio Jiří Şebnem Ilkka Ālofa Māka Bích Mihály Dŏra".split()
LAST = ("Achterberg|Baptiste-Lowe|Cárdenas|D'Souza|van der Merwe|O'Driscoll|Okonkwo|Haugland|Ferreira|"
        "Nakagawa|Quispe|Rautenbach|Ó Súilleabháin|MacPherson|Fitzgerald-Ng|Abernethy|Kowalczyk|Lindqvist|"
        "Mbeki-Hart|Nørgaard|Tavakoli|Villaseñor|Whitlock|Zhou|de Souza|St. Clair|Delacroix|Ekwueme|"
        "Fairweather|Gallardo|Hollis-Kane|Ibarra|Jókai|Kealoha|Lachance|Mwangi|Ní Bhriain|Oyelaran|"
        "Pemberton|Quaye|Rønning|Saarinen|Te Rangi|Underhill|Valdés|Wójcik|Yamamura|Zeller|McQuarrie|"
        "Ó Ceallaigh|le Roux|Da Silva|Ahn|Björklund|Castellanos|Dimitriou|Eriksdóttir|Fonoti").split("|")
LAST_WIDE = "Łukasik|Dvořáková|Yıldırım|Petrović|Szymańska|Nguyễn Thị|Kovač|Ōtsuka|Waititi-Pōhatu".split("|")
ROLES_JSON = Path(__file__).resolve().parent.parent / "callsheet" / "extraction" / "roles.json"
# aliases that are also department headers or need a header to be read: not printed alone
_AMBIGUOUS = {"Electric", "Hair", "Makeup", "Hair & Makeup", "HMU", "Stunts", "Safety", "Special Effects", "SPFX",
              "Client", "Casting", "Talent", "Crafty", "Swing", "Swing Gang", "Dolly", "Boom", "Genny",
              "Scout", "Buyer", "Graphics", "Stills", "Principal", "Actor", "Actress", "Performer", "Cast",
              "Stand-In", "Stand In", "SI", "Stand-in/Photo Double", "Wrangler", "Continuity", "Teamster",
              "Dresser", "Unit Manager", "Production Supervisor", "Runner", "Client Rep"}

COUNTRY = {  # region -> (mobile pattern, office pattern, e164 prefix, trunk "0" dropped, domain tail, address)
    "US": ("{a} 555-01{n:02d}", "({a}) 555-0100", "+1", False, "example.com", "Burbank, CA 91502"),
    "GB": ("07700 900{n:03d}", "020 7946 0{n:03d}", "+44", True, "example.co.uk", "London W6 9PX"),
    "AU": ("0491 570 {n:03d}", "(02) 5550 {n:04d}", "+61", True, "example.com.au", "Marrickville NSW 2204"),
    "IE": ("085 155 0{n:03d}", "01 555 0{n:03d}", "+353", True, "example.ie", "Ardmore, Co. Wicklow, Ireland"),
    "NZ": ("021 555 0{n:03d}", "(09) 555 0{n:03d}", "+64", True, "example.co.nz", "Auckland 1010, New Zealand"),
    "FR": ("06 39 98 {n:02d} {m:02d}", "01 99 00 {n:02d} {m:02d}", "+33", True, "example.fr",
           "93200 Saint-Denis, France"),
    "CA": ("{a} 555-01{n:02d}", "({a}) 555-0100", "+1", False, "example.ca", "Montréal (Québec) H2T 1S6"),
    "BR": ("(11) 95555-0{n:03d}", "(11) 3555-0{n:03d}", "+55", False, "example.com.br",
           "Vila Madalena, São Paulo - SP, 05433-000"),
}
AREA = ("213", "310", "323", "404", "512", "617", "718", "917", "503", "206")
AREAS = {"CA": ("514", "438", "450", "579", "819", "873", "418", "581", "367", "263")}  # Quebec, 514 first


def e164(printed: str, region: str) -> str:
    """E.164 of a number printed in national form (the generator's own formats only)."""
    digits = "".join(ch for ch in printed if ch.isdigit())
    prefix, trunk = COUNTRY[region][2], COUNTRY[region][3]
    return prefix + (digits[1:] if trunk else digits)


@dataclass
class Person:
    first: str
    last: str
    role: str | None = None  # canonical
    label: str = ""  # as printed
    department: str | None = None
    character: str | None = None
    email: str | None = None
    phones: list[str] = field(default_factory=list)  # E.164, in printed order
    roles: list[str] = field(default_factory=list)
    ext: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def number(self, printed: str, region: str) -> str:
        """Record a number printed for this person; returns the printed text."""
        value = e164(printed, region)
        if value not in self.phones:
            self.phones.append(value)
        return printed

    def truth(self) -> dict:
        out = {"name": self.name, "role": self.role, "department": self.department,
               "phone": self.phones[0] if self.phones else None, "email": self.email, "character": self.character}
        if len(self.phones) > 1:
            out["phones"] = list(self.phones)
        if len(self.roles) > 1:
            out["roles"] = list(self.roles)
        if self.ext:
            out["phone_ext"] = self.ext
        return out


class Pool:
    """Draws unique people, numbers and role labels for one document (seeded)."""

    def __init__(self, seed: int, region: str, wide: bool = False) -> None:
        self.rng = random.Random(seed)
        self.region = region
        self.firsts = FIRST + (FIRST_WIDE if wide else [])
        self.lasts = LAST + (LAST_WIDE if wide else [])
        self.used_names: set[str] = set()
        self.used_numbers: set[int] = set()
        data = json.loads(ROLES_JSON.read_text())
        self.by_dept: dict[str, list[tuple[str, str]]] = {}
        for role, spec in data["roles"].items():
            if spec["department"] == "Cast":
                continue
            labels = [role] + [a for a in spec["aliases"] if a not in _AMBIGUOUS]
            self.by_dept.setdefault(spec["department"], []).extend((lab, role) for lab in labels)
        self.dept_of = {r: s["department"] for r, s in data["roles"].items()}
        self.areas = AREAS.get(region, AREA)
        self.area = self.rng.choice(self.areas)

    def person(self, role_label: str | None = None, role: str | None = None) -> Person:
        while True:
            first, last = self.rng.choice(self.firsts), self.rng.choice(self.lasts)
            if first + last not in self.used_names:
                self.used_names.add(first + last)
                break
        p = Person(first, last, role, role_label or "", self.dept_of.get(role) if role else None)
        if role:
            p.roles = [role]
        return p

    def crew(self, dept: str) -> Person:
        label, role = self.rng.choice(self.by_dept[dept])
        return self.person(label, role)

    def mobile(self) -> str:
        n = self._fresh()
        small = self.region in ("US", "CA", "FR")  # 555-0100..0199 and 06 39 98 xx xx: a hundred per prefix
        return COUNTRY[self.region][0].format(a=self.areas[n // 100] if small else self.area, n=n % 100 if small else n,
                                              m=(n // 100 * 10 + n * 7) % 100)

    def office(self) -> str:
        n = self._fresh()
        return COUNTRY[self.region][1].format(a=self.area, n=n % 100 if self.region == "FR" else n, m=(n * 3) % 100)

    def _fresh(self) -> int:
        while True:
            n = self.rng.randrange(100, 1000)
            if n not in self.used_numbers and n % 100:
                self.used_numbers.add(n)
                return n

    def email(self, p: Person, company: str) -> str:
        local = "".join(ch for ch in f"{p.first[0]}{p.last}".lower() if ch.isascii() and ch.isalnum())
        p.email = f"{local}@{company}.{COUNTRY[self.region][4]}"
        return p.email
