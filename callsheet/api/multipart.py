"""One multipart body for the upload: the file and the form fields in one schema.

flask-smorest documents each `@blp.arguments` location apart and keeps only one as the
OpenAPI 3 `requestBody`; the form fields were left as Swagger 2 `formData` parameters,
which OpenAPI 3 does not have (the document was invalid, and generated clients never sent
them). A `multipart` location, read from the files and the form together, makes one
`multipart/form-data` request body with every field.
"""
from __future__ import annotations

from typing import Any, ClassVar

from flask_smorest import Blueprint
from marshmallow import ValidationError, fields
from webargs.flaskparser import FlaskParser
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict, FileStorage

MULTIPART = "multipart"


class MultipartParser(FlaskParser):
    """webargs' Flask parser with a `multipart` location: file parts first, then form fields."""

    __location_map__: ClassVar[dict[str, str]] = dict(FlaskParser.__location_map__, **{MULTIPART: "load_multipart"})

    def load_multipart(self, req: Any, schema: Any) -> MultiDictProxy:
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


class MultipartBlueprint(Blueprint):
    """A flask-smorest blueprint whose `location="multipart"` is one multipart/form-data body."""

    ARGUMENTS_PARSER = MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar[dict[str, str]] = dict(
        Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING, **{MULTIPART: "multipart/form-data"})


class FilePart(fields.Field):
    """A file part of the multipart body (a text field of the same name is refused)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("metadata", {}).update(type="string", format="binary")
        super().__init__(**kwargs)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("Send the call sheet as a file part (multipart/form-data), not as text.")
        return value
