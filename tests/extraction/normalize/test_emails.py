"""E-mails: lower-cased, obfuscation undone, wrapped parts joined, shared mailboxes known."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callsheet.extraction.normalize.emails import (
    find_emails,
    is_generic_mailbox,
    is_partial_email,
    join_email_parts,
    normalize_email,
)


@pytest.mark.parametrize(
    ("text", "emails"),
    [
        ("Ana.Ruiz@NorthLight.example", ["ana.ruiz@northlight.example"]),
        ("c: 323 555 0163  ana_ruiz@x.co.uk.", ["ana_ruiz@x.co.uk"]),
        ("mailto:Bo.Li@film.test", ["bo.li@film.test"]),
        ("ana [at] host (dot) com", ["ana@host.com"]),
        ("ana(at)host.com", ["ana@host.com"]),
        ("ana {at} host [dot] co [dot] uk", ["ana@host.co.uk"]),
        ("a@x.com / b@y.org;", ["a@x.com", "b@y.org"]),
        ("(ana.ruiz@x.com)", ["ana.ruiz@x.com"]),
        ("no address here, see 7:00", []),
        ("ana.ruiz@", []),
        ("ana.ruiz at northlight dot com", ["ana.ruiz@northlight.com"]),
        ("meet at gate 4 at noon", []),
    ],
)
def test_find_emails(text: str, emails: list[str]) -> None:
    assert find_emails(text) == emails


def test_normalize_email_one_cell() -> None:
    assert normalize_email(" Ana.Ruiz@North.Example, ") == "ana.ruiz@north.example"
    assert normalize_email("E-MAIL") is None
    assert normalize_email("") is None


@pytest.mark.parametrize("part", ["ana.ruiz@north", "ana.ruiz@", "ana.ruiz@northlight.", "@northlight.example",
                                  "agnieszka.bondarenko@mockingbirdmg",
                                  "park.eunji@mockingbirdmg.example.or", "ana@northlight.exam"])
def test_partial_emails(part: str) -> None:
    assert is_partial_email(part)


@pytest.mark.parametrize("text", ["ana.ruiz@northlight.example", "a@b.co", "a@b.co.uk", "a@b.fr",
                                  "Ana Ruiz", "", "323 555 0163", "@", "light.example"])
def test_not_partial(text: str) -> None:
    assert not is_partial_email(text)


def test_join_email_parts() -> None:
    assert join_email_parts(["ana.ruiz@north", "light.example"]) == "ana.ruiz@northlight.example"
    assert join_email_parts(["Ana.Ruiz@", "NorthLight.example"]) == "ana.ruiz@northlight.example"
    assert join_email_parts(["agnieszka.bondarenko@mockingbirdmg", ".example"]) == (
        "agnieszka.bondarenko@mockingbirdmg.example")
    assert join_email_parts(["park.eunji@mockingbirdmg.example.or", "g"]) == "park.eunji@mockingbirdmg.example.org"
    assert join_email_parts(["ana.ruiz@north", "Key Grip"]) is None


@pytest.mark.parametrize("email", ["production@x.com", "office@x.com", "info@x.com", "accounts@x.com",
                                   "casting@x.com", "bookings@x.com", "hello@x.com", "contact@x.com",
                                   "admin@x.com", "productionoffice@x.com", "prod.office@x.com", "office2@x.com",
                                   "info.uk@x.com", "la.production@x.com"])
def test_generic_mailboxes(email: str) -> None:
    assert is_generic_mailbox(email)


@pytest.mark.parametrize("email", ["ana.ruiz@x.com", "aruiz@x.com", "carter@x.com", "setareh@x.com", "art.li@x.com",
                                   "ana.uk@x.com", "london@x.com"])
def test_personal_mailboxes(email: str) -> None:
    assert not is_generic_mailbox(email)


local = st.from_regex(r"[A-Za-z][A-Za-z0-9._]{0,15}[A-Za-z0-9]", fullmatch=True).filter(lambda s: ".." not in s)
domain = st.from_regex(r"[A-Za-z][A-Za-z0-9]{1,10}\.(com|org|example|co\.uk)", fullmatch=True)


@given(local, domain)
def test_property_normalization_is_idempotent_and_lowercase(user: str, host: str) -> None:
    once = normalize_email(f"{user}@{host}")
    assert once == f"{user}@{host}".lower()
    assert normalize_email(once) == once
    assert find_emails(f"mailto:{user}@{host}.") == [once]


@given(local, domain, st.integers(1, 30))
def test_property_any_split_joins_back(user: str, host: str, cut: int) -> None:
    address = f"{user}@{host}"
    cut = min(cut, len(address) - 1)
    assert join_email_parts([address[:cut], address[cut:]]) == address.lower()


def test_a_persons_own_info_mailbox_is_theirs() -> None:
    assert not is_generic_mailbox("info@wrencalloway.example", "Wren Calloway")
    assert not is_generic_mailbox("hello@calloway-wren.example", "CALLOWAY, Wren")
    assert is_generic_mailbox("info@wrencalloway.example")
    assert is_generic_mailbox("info@wrencalloway.example", "Oona Pell")
    assert is_generic_mailbox("office@tidewaterfilms.example", "Wren Calloway")


@pytest.mark.parametrize("email", ["produccion@lumbre.example", "dispo@brotzeit.example", "produzione@fiore.example",
                                   "producao@estrela.example", "buero@brotzeit.example"])
def test_production_mailboxes_of_other_languages_are_no_person(email: str) -> None:
    assert is_generic_mailbox(email)



@pytest.mark.parametrize(
    ("read", "address"),
    [("gkowalewski@sauerteig. example 07:30", "gkowalewski@sauerteig.example"),
     ("mareike. henschel@mail. example. com", "mareike.henschel@mail.example.com"),
     ("cornelia. ‚barwald@mail. example. com", "cornelia.barwald@mail.example.com"),
     ("nerea98 @host-av.example 06:30", "nerea98@host-av.example"),
     ("adolfo.pascual@ mail.example.com", "adolfo.pascual@mail.example.com"),
     ("dortepohl@example net 07:00", "dortepohl@example.net"),
     ("|mareike@example.net", "mareike@example.net")],
)
def test_an_address_ocr_spaced_apart_is_joined_where_it_ends_in_a_known_tld(read: str, address: str) -> None:
    assert find_emails(read) == [address]


@pytest.mark.parametrize("text", ["Write to ana@x.com. Thanks", "ana@x.com. then call", "Lunch @ noon. Then",
                                  "_ 7@mail. example. 07:15"])
def test_sentences_after_an_address_and_ocr_fragments_are_no_address(text: str) -> None:
    assert find_emails(text) in ([], ["ana@x.com"])
    assert not any(e.startswith("7@") or "thanks" in e or "then" in e for e in find_emails(text))


@pytest.mark.parametrize(
    ("read", "address"),
    [("JURADO, Nicanor 600 555 229 nicanor96€ buzon.example.es 07:45", "nicanor96@buzon.example.es"),
     ("consuelo.aldecoaG alondra-av.example 09:30", "consuelo.aldecoa@alondra-av.example"),
     ("ana©mail.example.com", "ana@mail.example.com")],
)
def test_an_at_sign_ocr_read_as_another_glyph_before_a_domain(read: str, address: str) -> None:
    assert find_emails(read) == [address]


@pytest.mark.parametrize("text", ["BIG G Street.com", "Copyright © 2025 Acme.com", "lineG main.street"])
def test_the_same_glyphs_elsewhere_are_no_address(text: str) -> None:
    assert find_emails(text) == []
