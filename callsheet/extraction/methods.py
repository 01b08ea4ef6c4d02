"""Which extraction methods can run here, decided from settings alone.

The web process calls this to answer 422 before enqueueing, so it must never import the
AI or AWS SDKs.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

METHODS = ("hybrid", "ai", "pattern", "aws-textract")


def missing_setting(method: str, env: Mapping[str, str] | None = None) -> str | None:
    """A message naming the setting `method` lacks, or None when it can run."""
    env = os.environ if env is None else env
    if method == "ai" and not env.get("ANTHROPIC_API_KEY"):
        return "The 'ai' method needs ANTHROPIC_API_KEY to be set on the server."
    if method == "aws-textract" and not _aws_configured(env):
        return (
            "The 'aws-textract' method needs AWS credentials (AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or a role) and AWS_REGION on the server."
        )
    return None


def _aws_configured(env: Mapping[str, str]) -> bool:
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    creds = (
        (env.get("AWS_ACCESS_KEY_ID") and env.get("AWS_SECRET_ACCESS_KEY"))
        or env.get("AWS_PROFILE")
        or env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")
        or env.get("AWS_WEB_IDENTITY_TOKEN_FILE")
    )
    return bool(region and creds)
