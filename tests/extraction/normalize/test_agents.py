"""Agents on `c/o` lines and vendors' contact persons are people; agencies and companies are not."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.agents import split_care_of, vendor_person


@pytest.mark.parametrize(
    ("text", "before", "agent"),
    [("Wren Calloway c/o Ines Marlow, Tidewater Talent", "Wren Calloway", "Ines Marlow"),
     ("c/o Ines Marlow, Tidewater Talent 404-555-0177", "", "Ines Marlow"),
     ("C/O: Ines Marlow (404) 555-0177", "", "Ines Marlow"), ("care of Ines Marlow", "", "Ines Marlow")],
)
def test_care_of_names_the_agent(text: str, before: str, agent: str) -> None:
    care = split_care_of(text)
    assert care is not None and (care.before, care.agent) == (before, agent)


@pytest.mark.parametrize("text", ["c/o Tidewater Talent Group 404-555-0177", "Wren Calloway", "1 3/8", ""])
def test_no_agent_without_a_person_after_care_of(text: str) -> None:
    assert split_care_of(text) is None


@pytest.mark.parametrize(
    ("text", "person"),
    [("Brightside Catering (Oona Pell)", "Oona Pell"), ("Lumen Grip & Lighting (VASQUEZ, Teo)", "Teo Vasquez"),
     ("Autocares del Norte (Iker Salazar)", "Iker Salazar"), ("Wren Calloway (Day 2)", None),
     ("Wren Calloway (Key Grip)", None), ("Wren Calloway (Oona Pell)", None), ("Brightside Catering", None),
     ("Sunhill Medical (Oona Pell)", "Oona Pell"), ("Camera (Oona Pell)", "Oona Pell"), ("Gaffer (Oona Pell)", None),
     ("Brightside Catering (Oona)", None)],
)
def test_vendor_rows_give_their_contact_person(text: str, person: str | None) -> None:
    assert vendor_person(text) == person
