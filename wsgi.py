"""WSGI entry point: `gunicorn wsgi:app`."""
from callsheet import create_app

app = create_app()
