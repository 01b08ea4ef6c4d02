"""Webhooks: when a job with a `callbackUrl` ends, its owner's server is told, from an RQ job of its own.

The extraction job never calls out itself (a slow or dead receiver must not hold a worker
or fail an extraction): the code that ends a job (`jobs._schedule_cleanup` for completed
and failed, the cancel route, the reconciler giving up) enqueues `deliver` on the
`cleanup` queue. It POSTs `{jobId, status, contactsExtracted, error}` as JSON with

- `X-Callsheet-Signature: sha256=<hex HMAC-SHA256 of the raw body, key WEBHOOK_SECRET>`;
- `X-Callsheet-Delivery`: one id per delivery, the same on each of its attempts, so a
  receiver can drop a repeat (delivery is at least once, like every RQ job);
- `X-Callsheet-Event: job.ended`.

Any answer but a 2xx, a timeout or a connection error is retried with RQ's `Retry`:
`ATTEMPTS` attempts in all, exponential intervals from `WEBHOOK_RETRY_BASE_SECONDS`
(x 1, 2, 4, 8, +-25 % jitter). A URL that breaks the SSRF rules (`webhook_targets`) when
the delivery runs is not retried. The body carries no contact data.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Mapping
from typing import Any

from redis import Redis
from rq import Retry
from rq.job import Job
from sqlalchemy import func, select

from callsheet.queueing import context, webhook_targets
from callsheet.queueing.queues import CLEANUP_QUEUE, backoff, get_queue
from callsheet.store.tables import contact, extraction_job

log = logging.getLogger("callsheet.webhooks")
DELIVER = "callsheet.queueing.webhooks.deliver"
ATTEMPTS = 5
MAX_ANSWER_BYTES = 64 * 1024
SIGNATURE_HEADER = "X-Callsheet-Signature"
DELIVERY_HEADER = "X-Callsheet-Delivery"
USER_AGENT = "callsheet-webhooks/1"


class DeliveryFailed(Exception):
    """The receiver did not take the delivery (non-2xx, timeout, connection error): RQ retries it."""


def signature(secret: str, body: bytes) -> str:
    """The `X-Callsheet-Signature` value of `body`: `sha256=` and the hex HMAC-SHA256 with `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def enqueue_delivery(connection: Redis, job_id: str, callback_url: str | None,
                     config: Mapping[str, Any]) -> Job | None:
    """Queue the webhook of ended job `job_id` (nothing without a callback URL)."""
    if not callback_url:
        return None
    delivery_id = str(uuid.uuid4())
    retries = ATTEMPTS - 1
    return get_queue(CLEANUP_QUEUE, connection).enqueue(
        DELIVER,
        job_id,
        delivery_id,
        job_id=f"webhook-{delivery_id}",
        retry=Retry(max=retries, interval=backoff(retries, config["WEBHOOK_RETRY_BASE_SECONDS"])),
        job_timeout=int(config["WEBHOOK_TIMEOUT"] * 2 + 30),
        result_ttl=86400,
        failure_ttl=7 * 86400,
        description=f"webhook of {job_id}",
    )


def payload(session: Any, row: Any) -> dict[str, Any]:
    """What the receiver is told: ids and counts only, never contact data (`row`: the job's row)."""
    contacts = None
    if row.status == "completed":
        contacts = session.scalar(select(func.count()).select_from(contact).where(
            contact.c.job_id == row.id, contact.c.below_threshold.is_(False)))
    return {"jobId": row.id, "status": row.status, "contactsExtracted": contacts, "error": row.error}


def post(target: webhook_targets.Target, body: bytes, headers: Mapping[str, str], timeout: float) -> int:
    """POST `body` to the checked address of `target` (TLS verified against its host name); the status."""
    import urllib3

    options: dict[str, Any] = {"timeout": urllib3.Timeout(connect=timeout, read=timeout), "retries": False}
    if target.scheme == "https":
        pool: Any = urllib3.HTTPSConnectionPool(target.address, target.port, server_hostname=target.host,
                                                assert_hostname=target.host, cert_reqs="CERT_REQUIRED", **options)
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, **options)
    try:
        answer = pool.urlopen("POST", target.path, body=body, headers={**headers, "Host": target.host_header},
                              redirect=False, assert_same_host=False, preload_content=False)
        answer.read(MAX_ANSWER_BYTES)
        answer.release_conn()
        return answer.status
    except urllib3.exceptions.HTTPError as exc:
        raise DeliveryFailed(f"could not reach the receiver ({type(exc).__name__})") from None
    finally:
        pool.close()


def deliver(job_id: str, delivery_id: str) -> int | None:
    """RQ job: POST the signed ending of `job_id`; the receiver's status, or None if not sent."""
    with context.current() as job_context:
        session, config = job_context.session, job_context.config
        row = session.execute(select(extraction_job).where(extraction_job.c.id == job_id)).first()
        secret = config.get("WEBHOOK_SECRET")
        if row is None or not row.callback_url or not secret:
            log.warning("webhook of job %s not sent: %s", job_id, "no job" if row is None else
                        "no callback URL" if not row.callback_url else "WEBHOOK_SECRET is unset",
                        extra={"job_id": job_id})
            return None
        body = json.dumps(payload(session, row), separators=(",", ":")).encode()
        url, allow_private = row.callback_url, config["WEBHOOK_ALLOW_PRIVATE"]
        timeout = config["WEBHOOK_TIMEOUT"]
        session.rollback()
    try:
        target = webhook_targets.resolve(url, allow_private)
    except webhook_targets.UnresolvedTarget as exc:
        raise DeliveryFailed(str(exc)) from None  # DNS may be back on the next attempt
    except webhook_targets.RefusedTarget as exc:
        log.warning("webhook of job %s refused: %s", job_id, exc, extra={"job_id": job_id})
        return None
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT, "X-Callsheet-Event": "job.ended",
               SIGNATURE_HEADER: signature(secret, body), DELIVERY_HEADER: delivery_id}
    status = post(target, body, headers, timeout)
    extra = {"job_id": job_id, "delivery": delivery_id, "host": target.host, "status": status}
    if not 200 <= status < 300:
        log.info("webhook of job %s: the receiver answered %s; will retry", job_id, status, extra=extra)
        raise DeliveryFailed(f"the receiver answered {status}")
    log.info("webhook of job %s delivered", job_id, extra=extra)
    return status
