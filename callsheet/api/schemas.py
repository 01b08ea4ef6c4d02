"""Marshmallow schemas of requests and responses (they also make the OpenAPI document)."""
from __future__ import annotations

import json
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from callsheet.api.multipart import FilePart
from callsheet.extraction.methods import METHODS
from callsheet.queueing.queues import PRIORITIES
from callsheet.store.models import STATUSES

MAX_OPTIONS_BYTES = 16 * 1024


class OptionsSchema(Schema):
    """Extraction options; unknown keys are an error so typos do not pass silently."""

    rolePreferences = fields.List(fields.String(validate=validate.Length(max=100)), validate=validate.Length(max=50))
    qualityThreshold = fields.Float(validate=validate.Range(min=0, max=1), load_default=0.8, allow_nan=False)


class JsonOptions(fields.Field):
    """A form field holding a JSON object, validated by `OptionsSchema`."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dict[str, Any]:
        if not isinstance(value, str) or len(value.encode()) > MAX_OPTIONS_BYTES:
            raise ValidationError(f"Must be a JSON object of at most {MAX_OPTIONS_BYTES} bytes.")
        try:
            parsed = json.loads(value) if value.strip() else {}
        except json.JSONDecodeError as exc:
            raise ValidationError(f"Not valid JSON: {exc.msg}.") from None
        except RecursionError:
            raise ValidationError("Not valid JSON: nested too deeply.") from None
        if not isinstance(parsed, dict):
            raise ValidationError("Must be a JSON object.")
        return OptionsSchema().load(parsed)


class UploadSchema(Schema):
    """The upload's multipart body: the file part and the form fields."""

    class Meta:
        unknown = EXCLUDE

    file = FilePart(required=True, metadata={"description": "the call sheet: PDF, PNG, JPEG or TIFF"})
    extractionMethod = fields.String(load_default="hybrid", validate=validate.OneOf(METHODS))
    priority = fields.String(load_default="normal", validate=validate.OneOf(PRIORITIES))
    options = JsonOptions(
        load_default=lambda: {"qualityThreshold": 0.8},
        metadata={"type": "string", "description": 'JSON: {"rolePreferences": [str], "qualityThreshold": 0..1}'},
    )
    callbackUrl = fields.String(
        validate=validate.Length(max=2048),
        metadata={"format": "uri", "description": "POSTed a signed JSON {jobId, status, contactsExtracted, error} "
                                                  "when the job ends; https:// to a public address"},
    )


class UploadResponseSchema(Schema):
    success = fields.Boolean()
    jobId = fields.String()
    fileId = fields.String()
    status = fields.String()
    queue = fields.String()
    estimatedProcessingTime = fields.Integer(metadata={"description": "milliseconds"})


class ContactSchema(Schema):
    name = fields.String()
    role = fields.String(allow_none=True)
    department = fields.String(allow_none=True)
    phone = fields.String(allow_none=True, metadata={"description": "E.164"})
    phones = fields.List(fields.String(), metadata={"description": "every number printed for the person, E.164"})
    phoneExt = fields.String(allow_none=True, metadata={"description": "extension of the primary number"})
    roles = fields.List(fields.String(), metadata={"description": "every position the sheet gives the person"})
    email = fields.String(allow_none=True)
    character = fields.String(allow_none=True)
    company = fields.String(allow_none=True)
    confidence = fields.Float()
    page = fields.Integer(allow_none=True)
    preferred = fields.Boolean(metadata={"description": "role matches one of options.rolePreferences"})
    sources = fields.List(fields.String(), metadata={"description": "methods that found the person"})


class ProgressSchema(Schema):
    status = fields.String()
    stage = fields.String(allow_none=True)
    percent = fields.Integer()
    processingTime = fields.Integer(allow_none=True, metadata={"description": "milliseconds"})
    contactsExtracted = fields.Integer(allow_none=True)


class ResultsSchema(Schema):
    jobId = fields.String()
    contacts = fields.List(fields.Nested(ContactSchema))
    belowThreshold = fields.List(
        fields.Nested(ContactSchema), metadata={"description": "contacts below options.qualityThreshold"}
    )
    metadata = fields.Dict()


class JobSchema(Schema):
    success = fields.Boolean()
    jobId = fields.String()
    status = fields.String(validate=validate.OneOf(("waiting", "active", "completed", "failed", "cancelled")))
    queue = fields.String()
    priority = fields.String()
    extractionMethod = fields.String()
    attempts = fields.Integer()
    createdAt = fields.String()
    startedAt = fields.String(allow_none=True)
    finishedAt = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    resultsDeletedAt = fields.String(allow_none=True, metadata={"description": "when the contacts were deleted "
                                                                               "(by you or after the retention)"})
    progress = fields.Nested(ProgressSchema)
    results = fields.Nested(ResultsSchema)


class JobListArgsSchema(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "only jobs in this status"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100),
                           metadata={"description": "jobs per page (1..100)"})
    cursor = fields.String(validate=validate.Length(max=512),
                           metadata={"description": "nextCursor of the previous page"})


class ExportArgsSchema(Schema):
    include = fields.String(validate=validate.OneOf(("belowThreshold",)),
                            metadata={"description": "belowThreshold: also the contacts under the quality threshold"})


class JobSummarySchema(Schema):
    jobId = fields.String()
    status = fields.String(validate=validate.OneOf(STATUSES))
    fileName = fields.String(allow_none=True, metadata={"description": "the uploaded file's name, for display"})
    extractionMethod = fields.String()
    priority = fields.String()
    createdAt = fields.String()
    finishedAt = fields.String(allow_none=True)
    contactsExtracted = fields.Integer(allow_none=True, metadata={"description": "once completed"})


class JobListSchema(Schema):
    success = fields.Boolean()
    jobs = fields.List(fields.Nested(JobSummarySchema), metadata={"description": "newest first"})
    nextCursor = fields.String(allow_none=True, metadata={"description": "pass as `cursor` for the next page; "
                                                                         "null on the last page"})


class CancelSchema(Schema):
    success = fields.Boolean()
    jobId = fields.String()
    status = fields.String()
    message = fields.String()


class QueueCountsSchema(Schema):
    waiting = fields.Integer()
    active = fields.Integer()
    completed = fields.Integer()
    failed = fields.Integer()
    scheduled = fields.Integer()
    cancelled = fields.Integer()
    workers = fields.Integer()


class WindowSchema(Schema):
    minutes = fields.Integer()
    completed = fields.Integer()
    failed = fields.Integer()
    completedPerMinute = fields.Float()
    failedPerMinute = fields.Float()
    successRate = fields.Float(allow_none=True)
    avgProcessingMs = fields.Float(allow_none=True)
    p95ProcessingMs = fields.Float(allow_none=True)
    avgWaitMs = fields.Float(allow_none=True)
    aiInputTokens = fields.Integer()
    aiOutputTokens = fields.Integer()


class BreakerSchema(Schema):
    state = fields.String()
    failures = fields.Integer()
    failMax = fields.Integer()
    retryAfter = fields.Float()


class StatsSchema(Schema):
    success = fields.Boolean()
    queues = fields.Dict(keys=fields.String(), values=fields.Nested(QueueCountsSchema))
    workers = fields.Integer()
    window = fields.Nested(WindowSchema)
    breakers = fields.Dict(keys=fields.String(), values=fields.Nested(BreakerSchema))


class HealthSchema(Schema):
    success = fields.Boolean()
    redis = fields.String()
    database = fields.String()


class ReadySchema(HealthSchema):
    storage = fields.String()
    migrations = fields.String()


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "machine-readable, e.g. job_not_found"})
    message = fields.String(required=True, metadata={"description": "for a person"})
    details = fields.Dict(metadata={"description": "e.g. the invalid fields"})


class ErrorResponseSchema(Schema):
    """The one shape of every error answer (see errors.py)."""

    success = fields.Boolean(required=True, metadata={"enum": [False]})
    error = fields.Nested(ErrorDetailSchema, required=True)
