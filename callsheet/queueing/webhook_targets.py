"""Which webhook URLs the service may call: the SSRF rules, checked at upload and again at delivery.

A `callbackUrl` makes the service send a request where a user says, from inside the
network it runs in; without rules, `http://169.254.169.254/...` (the cloud metadata
service), `http://localhost:6379` or `http://10.0.0.5/admin` would be reachable. So a
target must be `https://` and every address its host resolves to must be public
(`ipaddress.is_global`): loopback, private, shared (CGNAT), link-local, reserved,
multicast and documentation ranges are refused. `WEBHOOK_ALLOW_PRIVATE=true` (local use,
tests) also allows `http://` and private or loopback addresses; link-local addresses (the
metadata services among them) and the unspecified address stay refused even then.

Delivery connects to the very address that was checked (`Target.address`), so a DNS
answer that changes between the check and the connection (DNS rebinding) cannot redirect
it. Redirects are not followed.
"""
from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048
# Cloud metadata endpoints that are not link-local (AWS IPv6, Alibaba); refused like 169.254.169.254.
METADATA = {ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")}
Resolver = Callable[..., list[Any]]


class RefusedTarget(ValueError):
    """The URL may not be called; the message says why, for the user."""


class UnresolvedTarget(RefusedTarget):
    """The host name did not resolve (at delivery: maybe a passing DNS failure)."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as written in the URL (SNI, certificate check, Host header)
    port: int
    path: str  # path and query
    address: str  # the checked IP address to connect to

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def _address_problem(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allow_private: bool) -> str | None:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if address.is_link_local or address.is_unspecified or address in METADATA:
        return "a link-local or metadata address"
    if address.is_multicast:
        return "a multicast address"
    if not allow_private and not address.is_global:
        return "a private, loopback or reserved address"
    return None


def resolve(url: str, allow_private: bool = False, resolver: Resolver = socket.getaddrinfo) -> Target:
    """The checked target of `url`; raises RefusedTarget with the reason otherwise."""
    if len(url) > MAX_URL_LENGTH:
        raise RefusedTarget(f"The callback URL is longer than {MAX_URL_LENGTH} characters.")
    parts = urlsplit(url.strip())
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes:
        raise RefusedTarget("The callback URL must start with https://" + (" or http://" if allow_private else "")
                            + ".")
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget("The callback URL must not hold a user name or password; the signature "
                            "authenticates the service instead.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise RefusedTarget("The callback URL has an invalid port.") from None
    host = parts.hostname
    if not host:
        raise RefusedTarget("The callback URL names no host.")
    try:
        answers = resolver(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise UnresolvedTarget(f"The callback host {host} does not resolve.") from None
    addresses = list(dict.fromkeys(answer[4][0] for answer in answers))
    if not addresses:
        raise UnresolvedTarget(f"The callback host {host} does not resolve.")
    for raw in addresses:
        problem = _address_problem(ipaddress.ip_address(raw.split("%", 1)[0]), allow_private)
        if problem:
            raise RefusedTarget(f"The callback host {host} resolves to {problem}; webhooks only go to public "
                                "addresses.")
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, addresses[0])
