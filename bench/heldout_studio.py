"""Layouts of bench.heldout_bilingual drawn from sheets as studios and offices publish them:
a dense one-page studio sheet (scene schedule, cast table, then crew in three narrow
columns of `ROLE NAME CALL PHONE` with no header row), a ruled crew table whose department
cell spans its rows (the name centred vertically beside them), and a Brazilian *ordem do dia*.
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

from bench.heldout_layouts import CHARACTERS, DEPTS, Canvas, esc, head, noise, story, table, tr
from bench.heldout_people import COUNTRY, Person, Pool

SCENES = (("12", "INT. DINER - NIGHT", "Marta waits for the last bus", "N", "1 3/8", "1, 3"),
          ("14A", "EXT. DINER PARKING LOT - NIGHT", "The truck will not start", "N", "4/8", "1, 2, 4"),
          ("27", "INT. MOTEL ROOM 6 - DAWN", "The letter under the door", "D", "2 1/8", "2"),
          ("31", "EXT. HIGHWAY SHOULDER - DAY", "Walking north", "D", "6/8", "1, 3, 5"),
          ("33pt", "INT. GAS STATION - DAY", "The clerk recognises her", "D", "1 2/8", "3, 4"))


SCENE_X, CAST_X = (30, 60, 300, 330, 365, 420), (30, 50, 170, 300, 340, 380)


def cells(c: Canvas, y: float, xs: tuple[float, ...], texts: tuple[str, ...], font: str = "helv",
          size: float = 6) -> None:
    """One unruled table row: each text at its column's x."""
    for x, text in zip(xs, texts, strict=True):
        c.text(x, y, text, font, size)


def fitted(pool: Pool, dept: str, width: float, font: str = "helv", size: float = 6) -> Person:
    """A crew member of `dept` whose label and name each fit a `width`-point cell."""
    def fits(text: str) -> bool:
        return pymupdf.get_text_length(text, font, size) <= width

    labels = [lr for lr in pool.by_dept[dept] if fits(lr[0])]
    while True:
        label, role = pool.rng.choice(labels)
        p = pool.person(label, role)
        if fits(p.name):
            return p


def studio(pool: Pool, path: Path, company: str = "marquee") -> list[Person]:
    """A one-page studio sheet, everything on it in 6-7 pt type."""
    c = Canvas()
    c.text(30, 34, "MARQUEE PICTURES", "hebo", 10)
    c.text(230, 34, '"THE LONG QUIET"  -  CALL SHEET', "hebo", 10)
    c.text(480, 34, "DAY 12 OF 38", "hebo", 9)
    keys = [fitted(pool, "Production", 58) for _ in range(3)]
    for i, (title, role, p) in enumerate(zip(("Director", "Producer", "UPM"),
                                             ("Director", "Producer", "Unit Production Manager"), keys, strict=True)):
        p.label, p.role, p.roles = title, role, [role]
        c.text(30 + 150 * i, 48, f"{title}: {p.name}", "helv", 7)
    for j, line in enumerate(noise(pool, company)):
        c.text(30, 62 + 8 * j, line, "helv", 6)
    y = 112.0
    cells(c, y, SCENE_X, ("SC.", "SET / DESCRIPTION", "D/N", "PGS", "CAST", "LOCATION"), "hebo", 6.5)
    for sc, set_, what, dn, pgs, cast_ids in SCENES:
        y += 9
        cells(c, y, SCENE_X, (sc, f"{set_} - {what}", dn, pgs, cast_ids, "Stage 4 / Lot B"))
    y += 16
    cells(c, y, CAST_X, ("#", "CAST", "CHARACTER", "STATUS", "P/U", "CALL"), "hebo", 6.5)
    cast = []
    for i, character in enumerate(CHARACTERS[:5]):
        p = pool.person(role="Cast")
        p.department, p.character, p.roles = "Cast", character, []
        y += 9
        cells(c, y, CAST_X, (str(i + 1), p.name, character, "W", "6:15A", "7:00A"))
        cast.append(p)
    y += 8
    c.page.draw_line((30, y), (582, y), width=0.6)
    people = keys + cast
    columns = [DEPTS[0:3], DEPTS[3:6], DEPTS[6:10]]
    for k, depts in enumerate(columns):
        x, row = 30 + 186 * k, y + 12
        for dept in depts:
            c.text(x, row, head(dept), "hebo", 6.5)
            row += 8
            crew = ([keys[2], keys[0]] if dept == "Production" else []) + [
                fitted(pool, dept, 58) for _ in range(pool.rng.randint(3, 6))]
            for p in crew:
                call = pool.rng.choice(("6:30A", "7:00A", "O/C", "6:00A"))
                for dx, text in ((0, p.label), (60, p.name), (122, call), (142, p.number(pool.mobile(), pool.region))):
                    c.text(x + dx, row, text, "helv", 6)
                if p not in people:
                    people.append(p)
                row += 8
            row += 4
    c.save(path)
    return people


PT_JOBS = (
    ("PRODUÇÃO", (("Diretor(a)", "Director"), ("Produtor(a) executivo(a)", "Executive Producer"),
                  ("Diretor(a) de produção", "Unit Production Manager"),
                  ("1º Assistente de direção", "First Assistant Director"),
                  ("Coordenador(a) de produção", "Production Coordinator"), ("Continuísta", "Script Supervisor"),
                  ("Assistente de produção", "Production Assistant"))),
    ("FOTOGRAFIA", (("Diretor(a) de fotografia", "Director of Photography"),
                    ("Operador(a) de câmera", "Camera Operator"), ("1º Assistente de câmera", "First Assistant Camera"),
                    ("2º Assistente de câmera", "Second Assistant Camera"))),
    ("ELÉTRICA", (("Chefe de elétrica", "Gaffer"), ("Eletricista", "Electrician"))),
    ("MAQUINÁRIA", (("Chefe de maquinária", "Key Grip"), ("Maquinista", "Grip"))),
    ("SOM DIRETO", (("Técnico(a) de som direto", "Production Sound Mixer"), ("Microfonista", "Boom Operator"))),
    ("ARTE", (("Diretor(a) de arte", "Art Director"), ("Produtor(a) de objetos", "Property Master"))),
    ("FIGURINO", (("Figurinista", "Costume Designer"), ("Camareira", "Set Costumer"))),
    ("MAQUIAGEM E CABELO", (("Maquiador(a)", "Makeup Artist"), ("Cabeleireiro(a)", "Hair Stylist"))),
    ("LOCAÇÃO", (("Produtor(a) de locação", "Location Manager"),)),
    ("TRANSPORTE", (("Motorista", "Driver"),)),
)


def pt_groups(pool: Pool) -> list[tuple[str, list[Person]]]:
    """Portuguese department headers with people drawn for some of their jobs."""
    groups = []
    for header, jobs in PT_JOBS:
        n = pool.rng.randint(max(1, len(jobs) - 2), len(jobs))
        groups.append((header, [pool.person(label, role) for label, role in jobs[:n]]))
    return groups


def brazil(pool: Pool, path: Path, company: str = "ipe") -> list[Person]:
    """(pt-BR) FUNÇÃO | NOME | CELULAR | E-MAIL | CHAMADA, department rows, `ramal` extensions."""
    rows, people = [], []
    tail = COUNTRY["BR"][4]
    for header, members in pt_groups(pool):
        rows.append(tr(f"<b>{esc(header)}</b>", "", "", "", ""))
        for p in members:
            if header == "PRODUÇÃO" and pool.rng.random() < 0.3:
                p.ext = str(pool.rng.randint(20, 49))
                cell = f"{p.number(pool.office(), pool.region)} ramal {p.ext}"
            else:
                cell = p.number(pool.mobile(), pool.region)
            rows.append(tr(esc(p.label), esc(p.name), cell, pool.email(p, company), "07h00"))
            people.append(p)
    body = (f"<h2>ORDEM DO DIA - DIÁRIA 6 DE 24</h2><p>Produtora: Ipê Filmes - {COUNTRY['BR'][5]} - "
            f"Tel. {pool.office()} - producao@{company}.{tail}</p><p>Hospital mais próximo: Hospital das Clínicas "
            f"{pool.office()} - Chamada geral 07h00 - Locação: Rua Harmonia 120 (telefone fixo {pool.office()} - "
            f"NÃO LIGAR)</p>{table('FUNÇÃO|NOME|CELULAR|E-MAIL|CHAMADA', rows)}")
    story(body, path, "sans-serif", 8)
    return people


EN_SPAN = ("CREW LIST - WESTERLY", ("DEPARTMENT", "POSITION", "NAME", "MOBILE", "EMAIL"))
BRAZIL_SPAN = ("LISTA DE EQUIPE - ORDEM DO DIA", ("DEPARTAMENTO", "FUNÇÃO", "NOME", "CELULAR", "E-MAIL"))
_EDGES = (30, 104, 222, 326, 404, 572)


def dept_span(pool: Pool, path: Path, spec: tuple = EN_SPAN, company: str = "westerly") -> list[Person]:
    """A ruled table whose first column is a department cell spanning its people's rows,
    the department's name centred vertically in it (so it sits beside a middle row)."""
    title, titles = spec
    if spec is EN_SPAN:
        groups = [(head(d), [fitted(pool, d, _EDGES[2] - _EDGES[1] - 6, "tiro", 7)
                             for _ in range(pool.rng.randint(2, 4))]) for d in DEPTS[:8]]
    else:
        groups = pt_groups(pool)
    c, h = Canvas(595, 842), 11.0
    c.text(30, 40, title, "tibo", 12)
    for j, line in enumerate(noise(pool, company)[:3]):
        c.text(30, 56 + 9 * j, line, "tiro", 7)
    top = y = 96.0
    c.page.draw_rect(pymupdf.Rect(30, y, 572, y + h), color=None, fill=(0.85, 0.85, 0.85))
    for x, text in zip(_EDGES, titles, strict=False):
        c.text(x + 3, y + 8, text, "tibo", 7)
    y += h
    people = []
    for header, members in groups:
        c.page.draw_line((30, y), (572, y), width=0.8)
        c.text(33, y + len(members) * h / 2 + 2.5, header, "tibo", 7)
        for i, p in enumerate(members):
            if i:
                c.page.draw_line((_EDGES[1], y), (572, y), width=0.4)
            cells = (p.label, p.name, p.number(pool.mobile(), pool.region), pool.email(p, company))
            for x, text in zip(_EDGES[1:], cells, strict=False):
                c.text(x + 3, y + 8, text, "tiro", 7)
            people.append(p)
            y += h
    c.page.draw_line((30, y), (572, y), width=0.8)
    for x in _EDGES:
        c.page.draw_line((x, top), (x, y), width=0.6)
    c.save(path)
    return people
