"""Exports (contacts.csv, contacts.vcf) and DELETE .../results, through the API and a real worker."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import vobject

from callsheet.api.contact_files import CSV_COLUMNS, contacts_csv
from tests.helpers import upload, work
from tests.sheets import crew_sheet

OPTIONS = json.dumps({"qualityThreshold": 0.95})  # the 1st AD row (no e-mail) falls below it


@pytest.fixture
def done(client, auth, app) -> dict:
    """A completed job of the synthetic crew sheet, with its JSON results."""
    body = upload(client, auth.headers(), data=crew_sheet(), name="Día 1 – hoja.pdf", extractionMethod="pattern",
                  options=OPTIONS).get_json()
    work(app)
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert job["status"] == "completed", job
    assert job["results"]["contacts"] and job["results"]["belowThreshold"]
    return job


def _url(job_id: str, what: str) -> str:
    return f"/api/extraction/job/{job_id}/{what}"


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM: Excel would garble the accents"
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames) == CSV_COLUMNS
    return list(reader)


def test_csv_has_a_bom_one_row_per_contact_and_accents_round_trip(client, auth, done):
    response = client.get(_url(done["jobId"], "contacts.csv"), headers=auth.headers())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Cache-Control" in response.headers and "no-store" in response.headers["Cache-Control"]
    assert b"\r\n" in response.data
    rows = _csv_rows(response.data)
    contacts = done["results"]["contacts"]
    assert [row["name"] for row in rows] == [c["name"] for c in contacts]
    assert {"François Lefèvre", "Renée Müller"} <= {row["name"] for row in rows}
    for row, contact in zip(rows, contacts, strict=True):
        assert row["role"] == (contact["role"] or "") and row["email"] == (contact["email"] or "")
        assert row["phone"] == contact["phone"] and row["phones"].split(", ") == contact["phones"]
        assert float(row["confidence"]) == contact["confidence"] and int(row["page"]) == contact["page"]


def test_below_threshold_contacts_only_on_request(client, auth, done):
    below = {c["name"] for c in done["results"]["belowThreshold"]}
    plain = {row["name"] for row in _csv_rows(client.get(_url(done["jobId"], "contacts.csv"),
                                                         headers=auth.headers()).data)}
    full = client.get(_url(done["jobId"], "contacts.csv"), headers=auth.headers(),
                      query_string={"include": "belowThreshold"})
    assert not below & plain
    assert {row["name"] for row in _csv_rows(full.data)} == plain | below
    cards = client.get(_url(done["jobId"], "contacts.vcf"), headers=auth.headers(),
                       query_string={"include": "belowThreshold"}).get_data(as_text=True)
    assert below <= {card.fn.value for card in vobject.readComponents(cards)}
    wrong = client.get(_url(done["jobId"], "contacts.csv"), headers=auth.headers(), query_string={"include": "all"})
    assert wrong.status_code == 422


def test_vcards_parse_back_with_every_field(client, auth, done):
    response = client.get(_url(done["jobId"], "contacts.vcf"), headers=auth.headers())
    assert response.status_code == 200 and response.mimetype == "text/vcard"
    text = response.get_data(as_text=True)
    assert "\r\n" in text
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    expected = [c for c in done["results"]["contacts"] if c["phone"] or c["email"]]
    assert sorted(cards) == sorted(c["name"] for c in expected)
    for contact in expected:
        card = cards[contact["name"]]
        assert card.version.value == "3.0"
        assert f"{card.n.value.given} {card.n.value.family}" == contact["name"]
        assert [tel.value for tel in card.tel_list] == contact["phones"]
        assert "pref" in card.tel_list[0].params["TYPE"]
        for tel in card.tel_list:
            assert tel.value.startswith("+") and tel.value[1:].isdigit()
        if contact["email"]:
            assert card.email.value == contact["email"] and "INTERNET" in card.email.params["TYPE"]
        assert card.title.value == contact["role"]
        if contact["department"]:
            assert f"Department: {contact['department']}" in card.note.value
        assert "From call sheet: Día 1 – hoja.pdf" in card.note.value
    mobile = cards["François Lefèvre"].tel_list[0]
    assert "CELL" in mobile.params["TYPE"]  # a French 06 number is a mobile


def test_a_fixed_line_is_typed_work(client, auth, app):
    sheet = crew_sheet((("Producer", "Ana Lima", "+33 1 44 55 66 77", "ana@example.org"),))
    body = upload(client, auth.headers(), data=sheet, extractionMethod="pattern").get_json()
    work(app)
    card = vobject.readOne(client.get(_url(body["jobId"], "contacts.vcf"), headers=auth.headers())
                           .get_data(as_text=True))
    assert card.tel.params["TYPE"] == ["WORK", "VOICE", "pref"]


def test_exports_answer_409_until_completed_and_404_to_others(client, auth, app, done):
    waiting = upload(client, auth.headers()).get_json()["jobId"]
    for what in ("contacts.csv", "contacts.vcf"):
        response = client.get(_url(waiting, what), headers=auth.headers())
        assert response.status_code == 409 and response.get_json()["error"]["code"] == "job_not_completed"
        assert client.get(_url(done["jobId"], what), headers=auth.headers("bob")).status_code == 404
        assert client.get(_url("not-a-uuid", what), headers=auth.headers()).status_code == 400
        assert client.get(_url(done["jobId"], what)).status_code == 401
    failed = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern").get_json()
    work(app)
    response = client.get(_url(failed["jobId"], "contacts.csv"), headers=auth.headers())
    assert response.status_code == 409 and "failed" in response.get_json()["error"]["message"]


def test_delete_results_removes_contacts_and_upload(client, auth, app, done):
    job_id = done["jobId"]
    assert client.delete(_url(job_id, "results"), headers=auth.headers("bob")).status_code == 404
    response = client.delete(_url(job_id, "results"), headers=auth.headers())
    assert response.status_code == 204 and response.data == b""
    job = client.get(f"/api/extraction/job/{job_id}", headers=auth.headers()).get_json()
    assert job["status"] == "completed" and job["resultsDeletedAt"]
    assert job["results"]["contacts"] == [] and job["results"]["belowThreshold"] == []
    assert job["progress"]["contactsExtracted"] == 0
    assert [p for p in Path(app.config["UPLOAD_DIR"]).rglob("*") if p.is_file()] == []
    gone = client.get(_url(job_id, "contacts.csv"), headers=auth.headers())
    assert gone.status_code == 410 and gone.get_json()["error"]["code"] == "results_deleted"
    assert client.delete(_url(job_id, "results"), headers=auth.headers()).status_code == 204  # idempotent
    listed = client.get("/api/extraction/jobs", headers=auth.headers()).get_json()["jobs"]
    assert [(j["jobId"], j["contactsExtracted"]) for j in listed] == [(job_id, 0)]


def test_delete_results_of_an_unfinished_job_is_409(client, auth):
    waiting = upload(client, auth.headers()).get_json()["jobId"]
    response = client.delete(_url(waiting, "results"), headers=auth.headers())
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "job_not_finished"


def test_csv_defuses_formulas_but_keeps_e164_numbers():
    rows = _csv_rows(contacts_csv([{"name": "=HYPERLINK(\"http://x\")", "role": "@SUM(A1)", "department": "-2+3",
                                    "phone": "+33612345678", "phones": ["+33612345678"], "company": "+ Co"}]))
    assert rows[0]["name"] == "'=HYPERLINK(\"http://x\")" and rows[0]["role"] == "'@SUM(A1)"
    assert rows[0]["department"] == "'-2+3" and rows[0]["company"] == "'+ Co"
    assert rows[0]["phone"] == rows[0]["phones"] == "+33612345678"
