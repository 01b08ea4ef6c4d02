"""Agents on `c/o` lines are people; agencies are not."""
from __future__ import annotations

import pytest

from callsheet.extraction.normalize.agents import split_care_of


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

