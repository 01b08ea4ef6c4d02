"""gunicorn's access log without bearer tokens, and valid JSON whatever a client sends.

The coordinator page may be opened as `/?token=...`, and a token in a log file is as good
as a password to whoever reads it. And gunicorn escapes only quotes in the values it puts
in the (JSON) access line: a path with NUL or 0xFF bytes, or a backslash in a User-Agent,
broke the line; `JsonAtoms` escapes every value for a JSON string.

gunicorn.conf.py names `AccessLogger` as its `logger_class`.
"""
from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

TOKEN_IN_QUERY = re.compile(r"(?i)((?:^|[?&])(?:access_)?token=)[^&\s]*")


def redact(query_or_line: str) -> str:
    """`token=<anything>` in a query string (or a request line) becomes `token=[redacted]`."""
    return TOKEN_IN_QUERY.sub(r"\1[redacted]", query_or_line)


class JsonAtoms(SafeAtoms):
    """gunicorn's access-log values, each escaped for a JSON string (gunicorn escapes only quotes)."""

    def __init__(self, atoms: dict[str, Any]) -> None:
        dict.__init__(self)
        for key, value in atoms.items():
            self[key] = json.dumps(value)[1:-1] if isinstance(value, str) else value


class AccessLogger(Logger):
    """gunicorn's logger, with the query string and request line of each access redacted and
    every value JSON-escaped."""

    atoms_wrapper_class = JsonAtoms

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("q", "r", "{query_string}e", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
