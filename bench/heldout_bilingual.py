"""Held-out families the other generators lack: two-language French/English sheets (Quebec
style), a dense studio sheet, a department column spanning its rows, a Brazilian sheet.

    .venv/bin/python -m bench.heldout_bilingual OUT_DIR

Same machinery as bench.heldout (its `generate` and `main`: truth in the scorer's format,
every truth name and e-mail checked on the page, fixed seeds), another plan. Bilingual
sheets print each title twice (`NOM / NAME`, `TÉL. / PHONE`, `RÉGIE / LOCATIONS`), roles as
`Réalisateur·trice / Director`, office lines with `poste 204`; one variant drops the accents,
one stacks the French title over the English one in the same cell.
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from bench import heldout
from bench import heldout_studio as studio
from bench.heldout_layouts import esc, story, table, tr
from bench.heldout_people import COUNTRY, Person, Pool

# department -> (French header, English header, [(French label, English label, canonical role)])
BILINGUAL: dict[str, tuple[str, str, list[tuple[str, str, str]]]] = {
    "Production": ("PRODUCTION", "PRODUCTION", [
        ("Réalisateur·trice", "Director", "Director"), ("Producteur·trice", "Producer", "Producer"),
        ("Directeur·trice de production", "Production Manager", "Unit Production Manager"),
        ("1er assistant réalisateur", "1st AD", "First Assistant Director"),
        ("2e assistant réalisateur", "2nd AD", "Second Assistant Director"),
        ("Coordonnateur·trice de production", "Production Coordinator", "Production Coordinator"),
        ("Scripte", "Script Supervisor", "Script Supervisor"),
        ("Assistant·e de production", "PA", "Production Assistant")]),
    "Camera": ("CAMÉRA", "CAMERA", [
        ("Directeur·trice photo", "DOP", "Director of Photography"),
        ("Cadreur·euse", "Camera Operator", "Camera Operator"),
        ("1er assistant caméra", "1st AC", "First Assistant Camera"),
        ("2e assistant caméra", "2nd AC", "Second Assistant Camera")]),
    "Grip": ("MACHINERIE", "GRIP", [("Chef machiniste", "Key Grip", "Key Grip"),
                                    ("Machiniste dolly", "Dolly Grip", "Dolly Grip")]),
    "Electric": ("ÉLECTRICITÉ", "ELECTRIC", [("Chef électricien·ne", "Gaffer", "Gaffer"),
                                             ("Électricien·ne", "Electrician", "Electrician")]),
    "Sound": ("SON", "SOUND", [("Preneur·euse de son", "Sound Mixer", "Production Sound Mixer"),
                               ("Perchiste", "Boom Operator", "Boom Operator")]),
    "Set Decoration": ("DÉCORS", "SET DECORATION", [("Ensemblier·ère", "Set Decorator", "Set Decorator")]),
    "Wardrobe": ("COSTUMES", "WARDROBE", [
        ("Créateur·trice de costumes", "Costume Designer", "Costume Designer"),
        ("Habilleur·euse", "Set Costumer", "Set Costumer")]),
    "Hair & Makeup": ("MAQUILLAGE-COIFFURE", "HAIR & MAKEUP", [
        ("Maquilleur·euse", "Makeup Artist", "Makeup Artist"), ("Coiffeur·euse", "Hair Stylist", "Hair Stylist")]),
    "Locations": ("RÉGIE", "LOCATIONS", [
        ("Régisseur·euse d'extérieurs", "Location Manager", "Location Manager"),
        ("Assistant·e régisseur·euse", "Location Assistant", "Location Assistant")]),
    "Transportation": ("TRANSPORT", "TRANSPORTATION", [
        ("Coordonnateur·trice transport", "Transportation Coordinator", "Transportation Coordinator"),
        ("Chauffeur·euse", "Driver", "Driver")]),
}
TITLES = (("POSTE", "POSITION"), ("NOM", "NAME"), ("TÉL.", "PHONE"), ("COURRIEL", "EMAIL"), ("APPEL", "CALL"))


def plain(text: str) -> str:
    """`RÉGIE` -> `REGIE`: sheets typed on keyboards without accents."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def bilingual_crew(pool: Pool, company: str) -> list[tuple[str, str, list[tuple[Person, str, str, str]]]]:
    """Per department its two headers and (person, French label, English label, phone cell)."""
    out = []
    for dept, (fr, en, jobs) in BILINGUAL.items():
        rows = []
        for fr_label, en_label, role in jobs[: pool.rng.randint(max(1, len(jobs) - 2), len(jobs))]:
            p = pool.person(f"{fr_label} / {en_label}", role)
            if dept == "Production" and pool.rng.random() < 0.4:  # office staff: main line and an extension
                p.ext = str(pool.rng.randint(201, 260))
                cell = f"{p.number(pool.office(), pool.region)} poste {p.ext}"
                cell += f" / cell. {p.number(pool.mobile(), pool.region)}"
            else:
                cell = p.number(pool.mobile(), pool.region)
            pool.email(p, company)
            rows.append((p, fr_label, en_label, cell))
        out.append((fr, en, rows))
    return out


def quebec_noise(pool: Pool, company: str) -> str:
    office = pool.office()
    return (f"<p>Bureau de production / Production office : {COUNTRY['CA'][5]} - Tél. / Phone : {office} - "
            f"production@{company}.{COUNTRY['CA'][4]}</p><p>Hôpital le plus proche / Nearest hospital : "
            f"Hôpital Sainte-Justine {pool.office()} - Appel général / General call 06h45 - "
            f"Jour / Day 9 de / of 31</p>")


def bilingual_slash(pool: Pool, path: Path, accents: bool = True, company: str = "brumes") -> list[Person]:
    """One header line `POSTE / POSITION | NOM / NAME | TÉL. / PHONE | COURRIEL / EMAIL`,
    department rows `RÉGIE / LOCATIONS`, roles `Réalisateur·trice / Director`; key contacts
    above as `Réalisateur·trice / Director : Name  number`."""
    fix = (lambda s: s) if accents else (lambda s: plain(s))
    crew = bilingual_crew(pool, company)
    people = [p for _, _, rows in crew for p, *_ in rows]
    keys = [f"<p>{esc(fix(p.label))} : <b>{esc(p.name)}</b> {cell.split(' / ')[0].split(' poste')[0]}</p>"
            for p, _, _, cell in crew[0][2][:3]]
    body = [tr(f"<b>{esc(fix(f'{fr} / {en}'))}</b>", "", "", "", "") for fr, en, _ in crew]
    rows: list[str] = []
    for header, (_, _, members) in zip(body, crew, strict=True):
        rows.append(header)
        rows += [tr(esc(fix(p.label)), esc(p.name), cell, p.email or "", "06h45") for p, _, _, cell in members]
    labels = "|".join(fix(f"{fr} / {en}") for fr, en in TITLES)
    html = (f"<h2>{fix('FEUILLE DE SERVICE / CALL SHEET')} - LES BRUMES</h2>{fix(quebec_noise(pool, company))}"
            f"{''.join(keys)}{table(labels, rows)}")
    story(html, path, "sans-serif", 7.5, paper="letter-l")
    return people


def bilingual_stacked(pool: Pool, path: Path, accents: bool = False, company: str = "riviere") -> list[Person]:
    """Two-line cells: the French title over the English one (`NOM` / `NAME`), each role the
    same (`Réalisateur·trice` over `Director`), department rows `RÉGIE – LOCATIONS`."""
    fix = (lambda s: s) if accents else (lambda s: plain(s).upper())
    crew = bilingual_crew(pool, company)
    people = [p for _, _, rows in crew for p, *_ in rows]
    rows = []
    for fr, en, members in crew:
        rows.append(tr(f"<b>{esc(fix(fr))} – {esc(fix(en))}</b>", "", "", ""))
        rows += [tr(f"{esc(fix(fr_label))}<br/>{esc(fix(en_label))}", esc(p.name), cell.replace(" / ", "<br/>"),
                    p.email or "") for p, fr_label, en_label, cell in members]
    head = "<tr>" + "".join(f"<th>{esc(fix(fr))}<br/>{esc(fix(en))}</th>" for fr, en in TITLES[:4]) + "</tr>"
    html = (f"<h2>{fix('LISTE DES CONTACTS')}<br/>CONTACT LIST</h2>{fix(quebec_noise(pool, company))}"
            f"<table>{head}{''.join(rows)}</table>")
    story(html, path, "serif", 8, paper="letter")
    return people


PLAN: heldout.Plan = [
    ("bi_01_slash", "CA", False, bilingual_slash),
    ("bi_02_slash_plain", "CA", False, lambda pool, p: bilingual_slash(pool, p, accents=False)),
    ("bi_03_stacked", "CA", False, bilingual_stacked),
    ("bi_04_stacked_accents", "CA", False, lambda pool, p: bilingual_stacked(pool, p, accents=True)),
    ("st_05_studio", "US", False, studio.studio),
    ("st_06_studio_ca", "CA", False, studio.studio),
    ("sp_07_deptspan", "AU", False, studio.dept_span),
    ("sp_08_deptspan_gb", "GB", False, studio.dept_span),
    ("br_09_ordem", "BR", False, studio.brazil),
    ("br_10_ordem_span", "BR", False, lambda pool, p: studio.dept_span(pool, p, studio.BRAZIL_SPAN)),
]

if __name__ == "__main__":
    sys.exit(heldout.main(sys.argv[1:] or ["/tmp/heldout_bilingual"], PLAN, seed0=5000))
