"""Webhooks: signed POSTs to a real local receiver from an RQ job of their own, retried with backoff.

The receiver is a real HTTP server on 127.0.0.1, so these tests set WEBHOOK_ALLOW_PRIVATE;
the SSRF tests at the end use the default rules.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from rq import Queue
from rq.job import Job, JobStatus

from callsheet.queueing import webhook_targets
from callsheet.queueing.queues import CLEANUP_QUEUE
from callsheet.queueing.webhooks import DELIVER
from tests.helpers import upload, work
from tests.sheets import crew_sheet

SECRET = "whsec-" + uuid.uuid4().hex


class Receiver:
    """A real HTTP server that records every request and answers from a script of statuses."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body,
                                          "at": time.monotonic()})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/callsheet?team=7"

    def verified(self, request: dict[str, Any]) -> dict[str, Any]:
        """The JSON body, after checking its signature as a receiver would."""
        expected = "sha256=" + hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
        assert hmac.compare_digest(request["headers"]["X-Callsheet-Signature"], expected)
        assert request["headers"]["Content-Type"] == "application/json"
        return json.loads(request["body"])


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    thread = threading.Thread(target=receiver.server.serve_forever, daemon=True)
    thread.start()
    yield receiver
    receiver.server.shutdown()
    thread.join(10)


@pytest.fixture
def settings(settings):
    return {**settings, "WEBHOOK_SECRET": SECRET, "WEBHOOK_ALLOW_PRIVATE": True, "WEBHOOK_RETRY_BASE_SECONDS": 0}


def _delivery_jobs(redis_conn) -> list[Job]:
    queue = Queue(CLEANUP_QUEUE, connection=redis_conn)
    ids = queue.job_ids + queue.finished_job_registry.get_job_ids() + queue.failed_job_registry.get_job_ids() \
        + queue.scheduled_job_registry.get_job_ids()
    return [job for job in Job.fetch_many(ids, connection=redis_conn) if job and job.func_name == DELIVER]


def test_a_completed_job_is_posted_signed_from_a_delivery_job_of_its_own(client, auth, app, redis_conn, receiver):
    body = upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern",
                  callbackUrl=receiver.url).get_json()
    work(app, queues=("extraction",))
    assert receiver.requests == [], "the extraction job itself must not call out"
    [delivery] = _delivery_jobs(redis_conn)
    assert delivery.get_status() == JobStatus.QUEUED and delivery.id != body["jobId"]
    work(app, queues=(CLEANUP_QUEUE,))
    [request] = receiver.requests
    assert request["path"] == "/hooks/callsheet?team=7"
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert receiver.verified(request) == {"jobId": body["jobId"], "status": "completed",
                                          "contactsExtracted": len(job["results"]["contacts"]), "error": None}
    assert uuid.UUID(request["headers"]["X-Callsheet-Delivery"])
    assert Job.fetch(delivery.id, connection=redis_conn).get_status() == JobStatus.FINISHED


def test_failed_and_cancelled_jobs_are_posted_too(client, auth, app, receiver):
    failed = upload(client, auth.headers(), data=b"%PDF-1.7\nbroken\n", extractionMethod="pattern",
                    callbackUrl=receiver.url).get_json()
    work(app)
    cancelled = upload(client, auth.headers(), callbackUrl=receiver.url).get_json()
    assert client.delete(f"/api/extraction/job/{cancelled['jobId']}", headers=auth.headers()).status_code == 200
    work(app)
    sent = {payload["jobId"]: payload for payload in map(receiver.verified, receiver.requests)}
    assert sent[failed["jobId"]]["status"] == "failed" and sent[failed["jobId"]]["error"]
    assert sent[failed["jobId"]]["contactsExtracted"] is None
    assert sent[cancelled["jobId"]] == {"jobId": cancelled["jobId"], "status": "cancelled",
                                        "contactsExtracted": None, "error": None}
    deliveries = [r["headers"]["X-Callsheet-Delivery"] for r in receiver.requests]
    assert len(deliveries) == len(set(deliveries)) == 2


def test_a_job_without_callback_url_posts_nothing(client, auth, app, redis_conn, receiver):
    upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern")
    work(app)
    assert receiver.requests == [] and _delivery_jobs(redis_conn) == []


def test_a_receiver_answering_500_is_retried_with_exponential_backoff(client, auth, app, redis_conn, receiver):
    app.config["WEBHOOK_RETRY_BASE_SECONDS"] = 2
    receiver.statuses = [500, 503]
    upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern", callbackUrl=receiver.url)
    work(app)
    [delivery] = _delivery_jobs(redis_conn)
    assert delivery.retries_left == 3  # 5 attempts in all; one spent
    intervals = delivery.retry_intervals
    assert len(intervals) == 4 and intervals == sorted(intervals) and intervals[-1] >= 4 * intervals[0] >= 8
    deadline = time.monotonic() + 60
    while len(receiver.requests) < 3:
        assert time.monotonic() < deadline, f"only {len(receiver.requests)} attempts arrived"
        time.sleep(0.3)
        work(app, queues=(CLEANUP_QUEUE,), scheduler=True)
    first, second, third = receiver.requests
    # RQ's scheduled registry keeps whole seconds: a retry is due up to 1 s before its interval ends
    assert second["at"] - first["at"] >= intervals[0] - 1
    assert third["at"] - second["at"] >= intervals[1] - 1
    assert len({r["headers"]["X-Callsheet-Delivery"] for r in receiver.requests}) == 1  # one delivery, 3 attempts
    assert all(receiver.verified(r)["status"] == "completed" for r in receiver.requests)
    assert Job.fetch(delivery.id, connection=redis_conn).get_status() == JobStatus.FINISHED


def test_five_attempts_then_the_delivery_fails(client, auth, app, redis_conn, receiver):
    receiver.statuses = [500] * 10
    upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern", callbackUrl=receiver.url)
    work(app)
    assert len(receiver.requests) == 5
    [delivery] = _delivery_jobs(redis_conn)
    assert delivery.get_status() == JobStatus.FAILED


def test_a_dead_receiver_fails_the_delivery_not_the_job(client, auth, app, redis_conn, receiver):
    url = receiver.url
    receiver.server.shutdown()
    receiver.server.server_close()
    body = upload(client, auth.headers(), data=crew_sheet(), extractionMethod="pattern", callbackUrl=url).get_json()
    work(app)
    job = client.get(f"/api/extraction/job/{body['jobId']}", headers=auth.headers()).get_json()
    assert job["status"] == "completed"
    [delivery] = _delivery_jobs(redis_conn)
    assert delivery.get_status() == JobStatus.FAILED
    assert "could not reach the receiver" in delivery.latest_result().exc_string


REFUSED = ["http://localhost/hook", "https://localhost/hook", "https://127.0.0.1/hook", "https://127.1/hook",
           "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook", "https://0.0.0.0/hook",
           "https://169.254.169.254/latest/meta-data/", "https://10.0.0.1/hook", "https://192.168.1.20/hook",
           "https://172.16.5.4/hook", "https://100.64.0.1/hook", "https://[fd00:ec2::254]/hook",
           "http://93.184.215.14/hook", "ftp://93.184.215.14/hook", "https://user:pw@93.184.215.14/hook",
           "https://no-such-host.invalid/hook", "not a url"]


@pytest.mark.parametrize("url", REFUSED)
def test_private_and_odd_targets_are_refused_at_upload(client, auth, app, url):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    response = upload(client, auth.headers(), callbackUrl=url)
    assert response.status_code == 422, url
    assert response.get_json()["error"]["code"] == "callback_url_refused"
    assert client.get("/api/extraction/jobs", headers=auth.headers()).get_json()["jobs"] == []


def test_a_public_https_target_is_accepted(client, auth, app):
    app.config["WEBHOOK_ALLOW_PRIVATE"] = False
    assert upload(client, auth.headers(), callbackUrl="https://93.184.215.14/hook").status_code == 202


def test_allow_private_still_refuses_metadata_addresses(client, auth, app, receiver):
    assert upload(client, auth.headers(), callbackUrl="http://169.254.169.254/latest/").status_code == 422
    assert upload(client, auth.headers(), callbackUrl="http://[fe80::1]/").status_code == 422
    assert upload(client, auth.headers(), callbackUrl=receiver.url).status_code == 202


def test_without_webhook_secret_a_callback_url_is_refused(client, auth, app, receiver):
    app.config["WEBHOOK_SECRET"] = None
    response = upload(client, auth.headers(), callbackUrl=receiver.url)
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "webhooks_unavailable"


def _dns(answers: dict[str, list[str]]):
    """A resolver with getaddrinfo's shape, for names this machine cannot resolve (no internet)."""

    def resolver(host: str, port: int, type: int = 0) -> list[Any]:
        return [(2, 1, 6, "", (address, port)) for address in answers[host]]

    return resolver


def test_a_name_resolving_to_any_private_address_is_refused():
    dns = _dns({"hooks.example.com": ["93.184.215.14", "10.0.0.7"], "internal.example.com": ["169.254.169.254"],
                "ok.example.com": ["93.184.215.14"]})
    for host in ("hooks.example.com", "internal.example.com"):
        with pytest.raises(webhook_targets.RefusedTarget, match="public addresses"):
            webhook_targets.resolve(f"https://{host}/x", resolver=dns)
    target = webhook_targets.resolve("https://ok.example.com:8443/x?y=1", resolver=dns)
    assert (target.address, target.host, target.port, target.path) == ("93.184.215.14", "ok.example.com", 8443,
                                                                         "/x?y=1")
    assert target.host_header == "ok.example.com:8443"


def test_a_job_the_reconciler_gives_up_on_is_posted_as_failed(client, auth, app, redis_conn, receiver):
    from sqlalchemy import update

    from callsheet.extensions import db
    from callsheet.queueing import reconciler
    from callsheet.store.models import ExtractionJob

    body = upload(client, auth.headers(), callbackUrl=receiver.url).get_json()
    with app.app_context():
        db.session.execute(update(ExtractionJob).values(status="active", attempts=6))
        db.session.commit()
    redis_conn.flushdb()  # Redis lost the job; after that many starts the reconciler gives up
    with app.app_context():
        assert reconciler.reconcile(grace=0)["failed"] == 1
    work(app, queues=(CLEANUP_QUEUE,))
    [payload] = map(receiver.verified, receiver.requests)
    assert payload["jobId"] == body["jobId"] and payload["status"] == "failed"
    assert payload["error"].startswith("Gave up after 6 attempts")


def test_https_deliveries_verify_the_receivers_certificate(tmp_path, receiver):
    """A receiver with a self-signed certificate is not trusted (TLS is checked against the URL's host)."""
    import datetime
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    from callsheet.queueing import webhooks

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
            .sign(key, hashes.SHA256()))
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                         serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    target = webhook_targets.Target("https", "localhost", receiver.server.server_port, "/hook", "127.0.0.1")
    with pytest.raises(webhooks.DeliveryFailed, match="SSLError"):
        webhooks.post(target, b"{}", {"Content-Type": "application/json"}, timeout=5)
    assert receiver.requests == []
