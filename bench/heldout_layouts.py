"""Layout families of the held-out bench, each unlike the DEV corpus: Courier text exports,
department and surname columns, card grids, key-contact blocks, three side-by-side tables
continued overleaf, phone trees, cast tables with agents, French/AU/IE sheets, noise rows.

Every family draws people from a `Pool`, prints them, and returns them in order of first
appearance; organisation numbers and placeholders are printed but never recorded.
"""
from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pymupdf

from bench.heldout_people import COUNTRY, Person, Pool

DEPTS = ("Production", "Camera", "Grip", "Electric", "Sound", "Art", "Wardrobe", "Hair & Makeup", "Locations",
         "Transportation")
HEADER = {"Hair & Makeup": "HAIR & MAKEUP", "Transportation": "TRANSPO", "Electric": "LIGHTING"}


def head(dept: str) -> str:
    return HEADER.get(dept, dept.upper())


def noise(pool: Pool, company: str) -> list[str]:
    """Lines that hold numbers and names of places, never of people."""
    tail = COUNTRY[pool.region][4]
    return [f"Production Office: {pool.office()}   production@{company}.{tail}   {COUNTRY[pool.region][5]}",
            f"Nearest Hospital: Mercy Vale General, 2200 Orchard Ave  Tel {pool.office()}",
            f"Police (non-emergency): {pool.office()}    Walkies: Ch. 4 Production / Ch. 6 Grip",
            "Crew Call 06:30   Shooting Call 07:15   Date: 14/03/2027   Scenes 12, 14A, 27",
            f"Catering: Hob & Ladle Catering {pool.office()}   Lighting hire: Northbank Lamp Co. {pool.office()}"]


class Canvas:
    """Text placed with page.insert_text (base-14 fonts, no rulings)."""

    def __init__(self, width: float = 612, height: float = 792) -> None:
        self.doc = pymupdf.open()
        self.size = (width, height)
        self.page = self.doc.new_page(width=width, height=height)

    def new_page(self) -> None:
        self.page = self.doc.new_page(width=self.size[0], height=self.size[1])

    def text(self, x: float, y: float, s: str, font: str = "helv", size: float = 8) -> None:
        self.page.insert_text((x, y), s, fontname=font, fontsize=size)

    def save(self, path: Path) -> None:
        self.doc.save(path)


def story(body: str, path: Path, font: str = "sans-serif", size: float = 8, paper: str = "a4",
          cells: str = "white-space:nowrap;padding:1px 6px;text-align:left") -> None:
    """HTML + CSS through pymupdf.Story: another layout engine and producer."""
    rect = pymupdf.paper_rect(paper)
    writer = pymupdf.DocumentWriter(str(path))
    css = f"body{{font-family:{font};font-size:{size}pt}} td,th{{{cells}}}"
    flow = pymupdf.Story(html=body, user_css=css)
    more = 1
    while more:
        device = writer.begin_page(rect)
        more, _ = flow.place(pymupdf.Rect(rect.x0 + 36, rect.y0 + 36, rect.x1 - 36, rect.y1 - 36))
        flow.draw(device)
        writer.end_page()
    writer.close()


def esc(s: str) -> str:
    return html.escape(s)


def tr(*cells: str, tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def table(labels: str, rows: list[str]) -> str:
    """An HTML table under a header row of `A|B|C` labels."""
    return f"<table>{tr(*labels.split('|'), tag='th')}{''.join(rows)}</table>"


def text_export(pool: Pool, path: Path, header: bool) -> list[Person]:
    """(a) A plain text export in Courier, columns aligned by spaces, no rulings."""
    c, y, people = Canvas(), 50.0, []
    for line in ["CREW CONTACT LIST - HOLLOW ORCHARD  (Day 7 of 31)", *noise(pool, "hollow"), ""]:
        c.text(36, y, line, "cour", 7)
        y += 10
    if header:
        c.text(36, y, f"{'POSITION':<34}{'NAME':<28}{'CELL':<18}{'EMAIL':<34}CALL", "cobo", 7)
        y += 12
    for dept in DEPTS[:8]:
        c.text(36, y, head(dept), "cobo", 7)
        y += 10
        for _ in range(pool.rng.randint(2, 4)):
            p = pool.crew(dept)
            mail = pool.email(p, "hollow") if pool.rng.random() < 0.7 else ""
            c.text(36, y, f"{p.label:<34}{p.name:<28}{p.number(pool.mobile(), pool.region):<18}{mail:<34}06:45",
                   "cour", 7)
            people.append(p)
            y += 10
            if y > 750:
                c.new_page()
                y = 50
    c.text(36, y, f"{'Dolly Grip':<34}{'TBD':<28}", "cour", 7)
    c.save(path)
    return people


def crew_by_department(pool: Pool, most: int) -> list[tuple[str, int, Person]]:
    """(department, index in it, person): two to `most` people per department."""
    return [(dept, i, pool.crew(dept)) for dept in DEPTS for i in range(pool.rng.randint(2, most))]


def dept_column(pool: Pool, path: Path, company: str = "quillon") -> list[Person]:
    """(b) DEPT | POSITION | NAME | CELL | EMAIL, the department printed once per group."""
    crew = crew_by_department(pool, 4)
    rows = [tr(esc(head(dept)) if i == 0 else "", esc(p.label), esc(p.name), p.number(pool.mobile(), pool.region),
               pool.email(p, company)) for dept, i, p in crew]
    people = [p for _, _, p in crew]
    rows.insert(5, tr("", "Caterer", "Hob &amp; Ladle Catering", pool.office(),
                      f"orders@hobladle.{COUNTRY[pool.region][4]}"))
    notes = "".join(f"<p>{esc(n)}</p>" for n in noise(pool, company))
    story(f"<h2>WINTER LEDGER - CREW LIST</h2>{notes}{table('DEPT|POSITION|NAME|CELL|EMAIL', rows)}", path)
    return people


def surname_first(pool: Pool, path: Path, company: str = "tidemark", tight: bool = False) -> list[Person]:
    """(c) SURNAME | FIRST NAME | ROLE | MOBILE | EMAIL, surnames in capitals."""
    people = [p for _, _, p in crew_by_department(pool, 3)]
    rows = [tr(esc(p.last.upper()), esc(p.first), esc(p.label), p.number(pool.mobile(), pool.region),
               pool.email(p, company)) for p in people]
    body = (f"<h3>TIDEMARK - CONTACTS</h3><p>{esc(noise(pool, company)[0])}</p>"
            f"{table('SURNAME|FIRST NAME|ROLE|MOBILE|EMAIL', rows)}")
    story(body, path, "serif", 9, cells="padding:1px 2px" if tight else "white-space:nowrap;padding:1px 6px")
    return people


def card_grid(pool: Pool, path: Path) -> list[Person]:
    """(d) Cards in three columns: name (bold), role, phone, e-mail stacked."""
    c, people = Canvas(), []
    c.text(40, 50, "KEY CREW - CARDS", "hebo", 14)
    for i in range(15):
        p = pool.crew(DEPTS[i % len(DEPTS)])
        x, y = 40 + (i % 3) * 180, 90 + (i // 3) * 70
        c.text(x, y, p.name, "hebo", 9)
        c.text(x, y + 11, p.label, "helv", 8)
        c.text(x, y + 22, p.number(pool.mobile(), pool.region), "helv", 8)
        c.text(x, y + 33, pool.email(p, "larkspur"), "helv", 8)
        people.append(p)
    for j, line in enumerate(noise(pool, "larkspur")):
        c.text(40, 470 + 11 * j, line, "helv", 7)
    c.save(path)
    return people


def key_block(pool: Pool, path: Path) -> list[Person]:
    """(e) `Director: Name number` lines in the header, then the crew list repeats some as `LAST, First`."""
    c, people = Canvas(595, 842), []
    c.text(36, 40, "THE SALT ROAD  -  CALL SHEET", "tibo", 14)
    keys = [pool.crew("Production") for _ in range(4)] + [pool.crew("Camera")]
    for i, p in enumerate(keys):
        c.text(36, 62 + 11 * i, f"{p.label}: {p.name} {p.number(pool.mobile(), pool.region)}", "tiro", 9)
        people.append(p)
    for j, line in enumerate(noise(pool, "saltroad")):
        c.text(36, 125 + 9 * j, line, "tiro", 7)
    y = 185.0
    c.text(36, y, "POSITION", "tibo", 8), c.text(180, y, "NAME", "tibo", 8)
    c.text(330, y, "PHONE", "tibo", 8), c.text(430, y, "EMAIL", "tibo", 8)
    crew = keys[:3] + [pool.crew(d) for d in DEPTS[1:] for _ in range(2)]
    for p in crew:
        y += 12
        c.text(36, y, p.label, "tiro", 8)
        c.text(180, y, f"{p.last.upper()}, {p.first}", "tiro", 8)
        c.text(330, y, p.number(pool.mobile(), pool.region) if p not in keys or pool.rng.random() < 0.5 else "",
               "tiro", 8)
        c.text(430, y, pool.email(p, "saltroad"), "tiro", 8)
        if p not in people:
            people.append(p)
    c.save(path)
    return people


def three_tables(pool: Pool, path: Path) -> list[Person]:
    """(f) Three crew tables side by side, department rows, continued overleaf as `X (cont'd)`."""
    c, people = Canvas(792, 612), []
    c.new_page()
    c.page = c.doc[0]
    c.text(30, 30, "CREW LIST", "hebo", 12)
    for j, line in enumerate(noise(pool, "brack")):
        c.text(30, 50 + 10 * j, line, "helv", 7)
    columns = [DEPTS[0:3], DEPTS[3:6], DEPTS[6:10]]
    for k, depts in enumerate(columns):
        x, y = 30 + k * 250, 250.0
        c.page = c.doc[0]
        c.text(x, y - 12, "POSITION", "hebo", 6.5), c.text(x + 80, y - 12, "NAME", "hebo", 6.5)
        c.text(x + 170, y - 12, "PHONE", "hebo", 6.5)
        for dept in depts:
            c.text(x, y, head(dept), "hebo", 6.5)
            y += 9
            for _ in range(pool.rng.randint(7, 13)):
                if y > 585 and c.page.number == 0:
                    c.page, y = c.doc[1], 40.0
                    c.text(x, y, f"{head(dept)} (cont'd)", "hebo", 6.5)
                    y += 9
                p = pool.crew(dept)
                while pymupdf.get_text_length(p.label, "helv", 6.5) > 76:  # labels that fit their column
                    p.label, p.role = pool.rng.choice(pool.by_dept[dept])
                    p.roles = [p.role]
                c.text(x, y, p.label, "helv", 6.5), c.text(x + 80, y, p.name, "helv", 6.5)
                c.text(x + 170, y, p.number(pool.mobile(), pool.region), "helv", 6.5)
                people.append(p)
                y += 9
    c.save(path)
    return people


def phone_tree(pool: Pool, path: Path) -> list[Person]:
    """(g) Names and numbers only, two columns, alphabetical."""
    c = Canvas()
    c.text(40, 50, "PHONE TREE - call the next name down", "tibo", 12)
    people = sorted((pool.person() for _ in range(40)), key=lambda p: p.last.lower())
    for i, p in enumerate(people):
        x, y = 40 + (i // 20) * 280, 80 + (i % 20) * 14
        c.text(x, y, p.name, "tiro", 9)
        c.text(x + 150, y, p.number(pool.mobile(), pool.region), "tiro", 9)
    c.text(40, 380, f"Emergency: Police {pool.office()}   Hospital {pool.office()}", "tiro", 8)
    c.text(40, 392, f"Unit base: {COUNTRY[pool.region][5]}", "tiro", 8)
    c.save(path)
    return people


CHARACTERS = ("Mrs. Halloran", "Young Tamsin", "Sgt. Okafor", "The Ferryman", "Dr. Ilse Brandt", "Kit",
              "Waitress #2", "Uncle Bram", "Officer Reyes", "Grandmother")


def cast_table(pool: Pool, path: Path) -> list[Person]:
    """(h) # | CAST | CHARACTER | PICKUP | CALL without phones; agents' numbers on their own line."""
    rows, people = [], []
    for i, character in enumerate(CHARACTERS[: pool.rng.randint(6, 10)]):
        p = pool.person(role="Cast")
        p.department, p.character, p.roles = "Cast", character, []
        rows.append(tr(str(i + 1), esc(p.name.upper()), esc(character.upper()), f"0{6 + i % 3}:{15 * (i % 4):02d}",
                       f"0{7 + i % 3}:30"))
        if i % 3 == 1:
            rows.append(tr("", f"c/o Marlowe Talent Agency {pool.office()}", "", "", ""))
        people.append(p)
    crew = [pool.crew(d) for d in ("Production", "Production", "Camera", "Sound")]
    crew_rows = [tr(esc(p.label), esc(p.name), p.number(pool.mobile(), pool.region)) for p in crew]
    body = (f"<h3>CAST</h3>{table('#|CAST|CHARACTER|PICKUP|CALL', rows)}<p>{esc(noise(pool, 'ferry')[1])}</p>"
            f"<h3>CREW</h3>{table('POSITION|NAME|PHONE', crew_rows)}")
    story(body, path)
    return people + crew


FRENCH = (("Réalisatrice", "Director"), ("1er assistant réalisateur", "First Assistant Director"),
          ("Directeur de la photographie", "Director of Photography"), ("Scripte", "Script Supervisor"),
          ("Chef électro", "Gaffer"), ("Chef machiniste", "Key Grip"),
          ("Ingénieur du son", "Production Sound Mixer"), ("Perchman", "Boom Operator"),
          ("Chef décorateur", "Production Designer"), ("Chef accessoiriste", "Property Master"),
          ("Costumière", "Set Costumer"), ("Maquilleuse", "Makeup Artist"))


def french(pool: Pool, path: Path) -> list[Person]:
    """(i) A French sheet: POSTE | NOM | TÉL. | COURRIEL, `Portable`, `poste 204` extensions."""
    rows, people = [], []
    for label, role in FRENCH:
        p = pool.person(label, role)
        if pool.rng.random() < 0.3:
            p.ext = str(pool.rng.randint(200, 260))
            tel = f"{p.number(pool.office(), pool.region)} poste {p.ext} / Portable {pool.mobile()}"
            p.number(tel.rsplit("Portable ", 1)[1], pool.region)
        else:
            tel = p.number(pool.mobile(), pool.region)
        rows.append(tr(esc(label), esc(p.name), tel, pool.email(p, "lumiere")))
        people.append(p)
    body = (f"<h2>FEUILLE DE SERVICE - JOUR 4</h2><p>Production : Lumière Basse, {COUNTRY['FR'][5]} - "
            f"Tél. : {pool.office()} - regie@lumiere.example.fr</p><p>Hôpital : Centre Hospitalier Delafontaine "
            f"{pool.office()}</p><p>Rendez-vous 07h30 - Séquences 12, 14, 27</p>"
            f"{table('POSTE|NOM|TÉL.|COURRIEL', rows)}")
    story(body, path, "serif", 8.5, paper="a4-l")
    return people


def mixed_rows(pool: Pool, path: Path, company: str = "northgate") -> list[Person]:
    """(j) One table holding the hard rows: two people sharing a row, one person with two
    positions, `c:`/`o:` numbers with an extension, vendors, TBD and (open) rows, DO NOT CALL."""
    rows, people = [], []
    office = pool.office()
    for dept in DEPTS[:6]:
        rows.append(tr(f"<b>{esc(head(dept))}</b>", "", "", ""))
        a, b = pool.crew(dept), pool.crew(dept)
        if a.role == b.role or "/" in a.label + b.label:
            b = pool.crew(dept)
        if a.role != b.role and "/" not in a.label + b.label:  # `Key Grip / Best Boy | A / B`
            rows.append(tr(f"{esc(a.label)} / {esc(b.label)}", f"{esc(a.name)} / {esc(b.name)}",
                           f"{a.number(pool.mobile(), pool.region)} / {b.number(pool.mobile(), pool.region)}",
                           f"{pool.email(a, company)} / {pool.email(b, company)}"))
            people += [a, b]
        c = pool.crew(dept)
        ext = str(pool.rng.randint(201, 240))
        c.ext = ext
        rows.append(tr(esc(c.label), esc(f"{c.last.upper()}, {c.first}"),
                       f"o: {c.number(office, pool.region)} x{ext} c: {c.number(pool.mobile(), pool.region)}",
                       pool.email(c, company)))
        people.append(c)
    lead = pool.person("Line Producer / UPM", "Line Producer")
    lead.roles = ["Line Producer", "Unit Production Manager"]
    lead.department = "Production"
    rows.insert(1, tr(esc(lead.label), esc(lead.name), f"cell {lead.number(pool.mobile(), pool.region)}",
                      pool.email(lead, company)))
    people.insert(0, lead)
    rows += [tr("Dolly Grip", "TBD", "", ""), tr("Utility Sound", "(open)", "", ""),
             tr("Grip &amp; Lighting", "Northbank Lamp Co.", pool.office(), f"hire@lamps.{COUNTRY[pool.region][4]}"),
             tr("Honeywagon", "Brightside Trailers", pool.office(), ""),
             tr("Location", "Farmhouse landline - DO NOT CALL", pool.office(), "")]
    body = (f"<h3>NORTHGATE - CREW LIST</h3><p>{esc(noise(pool, company)[0])}</p>"
            f"<p>Walkies: Ch. 1 Open / Ch. 2 Production / Ch. 4 Grip &amp; Electric / Ch. 6 Locations</p>"
            f"{table('POSITION|NAME|PHONE|EMAIL', rows)}")
    story(body, path, "sans-serif", 7, paper="a4-l")
    return people


def scanned(family: Callable[[Pool, Path], list[Person]]) -> Callable[[Pool, Path], list[Person]]:
    """A family's first page rasterised at 150 dpi into a PNG of the same stem (goes through OCR)."""
    def draw(pool: Pool, path: Path) -> list[Person]:
        people = family(pool, path)
        with pymupdf.open(path) as doc:
            doc[0].get_pixmap(dpi=150, colorspace="gray").save(path.with_suffix(".png"))
        return people
    return draw
