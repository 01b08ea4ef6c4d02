"""options.py: the quality threshold never drops a contact; preferences order and flag."""
from __future__ import annotations

import pytest

from callsheet.extraction.options import apply_options, preferences, threshold
from callsheet.extraction.types import Contact, ExtractionResult


def _result() -> ExtractionResult:
    return ExtractionResult(contacts=[
        Contact("Ana Ruiz", role="Art Director", confidence=0.95),
        Contact("Li Wei", role="Director", confidence=0.7),
        Contact("Bo Carr", role="Gaffer", roles=["Gaffer", "First Assistant Director"], confidence=0.9),
        Contact("Jo Park", role="First Assistant Director", confidence=0.85),
    ])


def test_threshold_moves_weak_contacts_below_and_keeps_them():
    result = apply_options(_result(), {"qualityThreshold": 0.8})
    assert [c.name for c in result.contacts] == ["Ana Ruiz", "Bo Carr", "Jo Park"]
    assert [c.name for c in result.below_threshold] == ["Li Wei"]
    assert result.to_dict()["belowThreshold"][0]["name"] == "Li Wei"


def test_preferences_put_matching_roles_first_in_preference_order():
    result = apply_options(_result(), {"rolePreferences": ["1st AD", "Director"]})
    assert [(c.name, c.preferred) for c in result.contacts] == [
        ("Bo Carr", True), ("Jo Park", True), ("Li Wei", True), ("Ana Ruiz", False)]


@pytest.mark.parametrize(("value", "expected"), [(None, 0.0), ("0.5", 0.5), (7, 1.0), (-1, 0.0), ("high", 0.0)])
def test_threshold_values_are_clamped(value, expected):
    assert threshold({"qualityThreshold": value}) == expected


def test_preferences_accept_a_comma_separated_string():
    assert preferences({"rolePreferences": "Director, 1st AD ,"}) == ["Director", "1st AD"]
    assert preferences({}) == []
