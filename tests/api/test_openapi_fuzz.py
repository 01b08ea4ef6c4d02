"""Bounded fuzzing of the app's own OpenAPI document with schemathesis: no 5xx, and every
response (success or error) matches what the document says, for every operation."""
from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import AuthActions

EXAMPLES = 25
CHECKS = [
    schemathesis.checks.not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """One database: the document and the handlers do not depend on it."""
    return f"sqlite:///{tmp_path / 'fuzz.sqlite3'}"


def _operations(app) -> list:
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    return [result.ok() for result in schema.get_all_operations()]


def test_api_honours_its_document(app):
    """Each operation: `EXAMPLES` generated requests (valid and invalid), all answered as documented."""
    headers = {"Authorization": f"Bearer {AuthActions(app).token('fuzzer')}"}
    operations = _operations(app)
    assert {op.path for op in operations} >= {"/api/extraction/upload", "/api/extraction/job/{job_id}",
                                              "/api/extraction/queue/stats", "/api/health"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        check()
