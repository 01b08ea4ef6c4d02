"""gunicorn's access log without bearer tokens: the coordinator page may be opened as
`/?token=...`, and a token in a log file is as good as a password to whoever reads it.

gunicorn.conf.py names `AccessLogger` as its `logger_class`.
"""
from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

TOKEN_IN_QUERY = re.compile(r"(?i)((?:^|[?&])(?:access_)?token=)[^&\s]*")


def redact(query_or_line: str) -> str:
    """`token=<anything>` in a query string (or a request line) becomes `token=[redacted]`."""
    return TOKEN_IN_QUERY.sub(r"\1[redacted]", query_or_line)


class AccessLogger(Logger):
    """gunicorn's logger, with the query string and request line of each access redacted."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("q", "r", "{query_string}e", "{raw_uri}e"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
