"""`GET /`: the coordinator page (plain HTML, CSS and a little JavaScript, all served from here).

The page loads without a token (it has none yet); its JavaScript sends the bearer token the
coordinator pastes, or brings in `?token=`, with every API call. Nothing comes from a CDN:
the page works on a machine with no internet. A strict Content-Security-Policy allows only
this service's own scripts, styles and API, and `no-referrer` keeps a `?token=` in the
address from leaking to another site.
"""
from __future__ import annotations

from flask import Blueprint, Flask, Response, current_app, render_template, request

blp = Blueprint("page", __name__, static_folder="static", static_url_path="/assets",
                template_folder="templates")

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


@blp.get("/")
def coordinator_page() -> Response:
    """The page where a coordinator uploads a call sheet and gets its contacts."""
    html = render_template(
        "coordinator.html",
        api_root=f"{request.script_root}/api/extraction",
        max_upload_mb=current_app.config["MAX_UPLOAD_MB"],
    )
    return Response(html, mimetype="text/html", headers=SECURITY_HEADERS)


def init_app(app: Flask) -> None:
    """Serve the page at `/` and its assets under `/assets/`."""
    app.register_blueprint(blp)
