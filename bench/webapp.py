"""The callsheet app plus a trivial endpoint, served by one gunicorn: the upload's floor.

    gunicorn 'bench.webapp:create_app()'
"""
from __future__ import annotations

from flask import Flask

import callsheet


def create_app() -> Flask:
    """callsheet's app with `POST /bench/noop`, which returns a constant without reading the body."""
    app = callsheet.create_app()

    def noop() -> tuple[dict, int]:
        return {"success": True}, 202

    app.add_url_rule("/bench/noop", "bench_noop", noop, methods=["POST"])
    return app
