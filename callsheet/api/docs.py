"""Swagger UI at `/swagger-ui`, served by the service itself from a pinned package.

The page must work on a machine with no internet (a set, a train, a locked-down office),
so its assets come from the `swagger-ui-bundle` wheel (pinned in requirements.txt) under
`/swagger-ui/assets/`, never from a CDN. `SWAGGER_UI_URL` may point elsewhere on purpose.
"""
from __future__ import annotations

from flask import Blueprint, Flask

ASSETS_PATH = "/swagger-ui/assets"


def init_app(app: Flask) -> None:
    """Serve the packaged Swagger UI assets (before flask-smorest renders the page that loads them)."""
    from swagger_ui_bundle import swagger_ui_path

    assets = Blueprint("swagger_ui_assets", __name__, static_folder=str(swagger_ui_path),
                       static_url_path=ASSETS_PATH)
    app.register_blueprint(assets)
