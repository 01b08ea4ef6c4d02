"""The web side: blueprints (routes and views), request/response schemas, bearer tokens,
upload checks, quotas and the answers given while Redis or the database is away.

Never imports PyMuPDF or the AI/AWS SDKs (`tests/test_layering.py`): uploads are checked by
their first bytes, and the reading happens in the workers.
"""
