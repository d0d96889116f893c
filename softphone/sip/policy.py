"""Pure SIP policy: human reasons for SIP codes, end reasons, the dial plan, source checks."""

from __future__ import annotations

import ipaddress
import re
import socket

from softphone.domain.values import DialPlan, Direction, EndReason, Transport

_REGISTRATION_REASONS = {
    401: "wrong user name or password",
    407: "wrong user name or password (proxy)",
    403: "the registrar refused this account (403 Forbidden)",
    404: "this user is unknown to the registrar (404)",
    408: "registrar unreachable: no answer (408)",
    423: "the registrar wants a longer registration interval (423)",
    480: "registrar temporarily unavailable (480)",
    500: "the registrar had an internal error (500)",
    502: "bad gateway between us and the registrar (502)",
    503: "registrar unreachable or overloaded (503)",
    504: "the registrar's upstream timed out (504)",
}


def registration_reason(code: int, sip_reason: str, error_text: str = "") -> str:
    """A sentence the agent can act on, from the last REGISTER response or transport error."""
    lowered = f"{sip_reason} {error_text}".lower()
    if any(word in lowered for word in ("certificate", "ssl", "tls", "handshake")):
        detail = error_text or sip_reason
        return f"TLS failure: the server's certificate could not be verified or the handshake failed ({detail})"
    if code == 200:
        return "registered"
    if code in _REGISTRATION_REASONS:
        text = _REGISTRATION_REASONS[code]
        if code == 503 and error_text and "unreachable" not in error_text.lower():
            text = f"registrar unreachable ({error_text})"
        return text
    if code == 0:
        return error_text or "not registered"
    return f"registration failed: {code} {sip_reason}".strip()


def end_reason(
    direction: Direction,
    code: int,
    *,
    answered: bool,
    hung_up_locally: bool,
    rejected_locally: bool = False,
    transferred: bool = False,
    refused: bool = False,
) -> EndReason:
    """Why a call ended, from what the engine saw (pure; exhaustive tests in tests/unit/sip)."""
    if refused:
        return EndReason.REFUSED
    if transferred:
        return EndReason.TRANSFERRED
    if answered:
        return EndReason.HANGUP_LOCAL if hung_up_locally else EndReason.HANGUP_REMOTE
    if direction is Direction.INBOUND:
        if rejected_locally:
            return EndReason.REJECTED
        if hung_up_locally:
            return EndReason.REJECTED
        return EndReason.CANCELLED  # the caller gave up (or was answered elsewhere): a missed call
    # outbound, never answered
    if hung_up_locally:
        return EndReason.HANGUP_LOCAL
    if code in (486, 600):
        return EndReason.BUSY
    if code in (408, 480, 487):
        return EndReason.NO_ANSWER
    if code == 603:
        return EndReason.REJECTED
    if code in (403, 488, 606):
        return EndReason.REFUSED
    if code in (404, 410, 484, 502, 503, 504) or code == 0:
        return EndReason.UNREACHABLE
    return EndReason.FAILED


_CLEANUP = re.compile(r"[\s\-\.\(\)/]")
_DIALABLE = re.compile(r"^\+?[0-9*#]+$")
_USER = re.compile(r"^[A-Za-z0-9._~!$&'*+,;=%-]+$")


class DialError(ValueError):
    """The typed target is not something we can call; the message says why."""


def normalize_number(raw: str, plan: DialPlan) -> str:
    """Digits (and a leading +) after cleanup, prefix rewrites and E.164 formatting."""
    number = _CLEANUP.sub("", raw)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not _DIALABLE.match(number):
        raise DialError(f"{raw!r} is not a phone number")
    for prefix, replacement in plan.prefix_rewrites:
        if number.startswith(prefix):
            number = replacement + number[len(prefix):]
            break
    if plan.e164 and not any(c in number for c in "*#"):
        import phonenumbers  # here: its import is ~25 ms of the media engine's start-up

        try:
            parsed = phonenumbers.parse(number, plan.default_region)
        except phonenumbers.NumberParseException:
            parsed = None
        if parsed is not None and phonenumbers.is_possible_number(parsed):
            number = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if plan.outside_line_prefix and not number.startswith("+"):
        number = plan.outside_line_prefix + number
    return number


def request_uri(target: str, domain: str, plan: DialPlan, transport: Transport = Transport.UDP) -> str:
    """Turn what the agent typed (number, user, user@host, sip:/sips:/tel:/callto: URI) into a SIP URI."""
    text = target.strip()
    if not text:
        raise DialError("nothing to dial")
    lowered = text.lower()
    if lowered.startswith(("sip:", "sips:")):
        return text
    if lowered.startswith("callto:"):
        text = text[7:].lstrip("/")
        lowered = text.lower()
    if lowered.startswith("tel:"):
        text = text[4:].split(";", 1)[0]
    suffix = f";transport={transport.value}" if transport is not Transport.UDP else ""
    if "@" in text:
        user, host = text.split("@", 1)
        if not user or not host:
            raise DialError(f"{target!r} is not a valid address")
        return f"sip:{user}@{host}{suffix}"
    if _DIALABLE.match(_CLEANUP.sub("", text)):
        return f"sip:{normalize_number(text, plan)}@{domain}{suffix}"
    if _USER.match(text):
        return f"sip:{text}@{domain}{suffix}"
    raise DialError(f"{target!r} is neither a number nor a SIP address")


def host_of(uri: str) -> str:
    """Host of a SIP URI or host[:port] string."""
    rest = re.sub(r"^sips?:", "", uri.strip(), flags=re.IGNORECASE)
    rest = rest.split(";", 1)[0].split("?", 1)[0]
    if "@" in rest:
        rest = rest.split("@", 1)[1]
    if rest.startswith("["):
        return rest[1:].split("]", 1)[0]
    return rest.split(":", 1)[0]


def resolve_hosts(hosts: list[str]) -> frozenset[str]:
    """IP addresses of the registrar/proxy hosts (resolved once per account configuration)."""
    addresses: set[str] = set()
    for host in hosts:
        if not host:
            continue
        try:
            addresses.add(str(ipaddress.ip_address(host)))
            continue
        except ValueError:
            pass
        try:
            for info in socket.getaddrinfo(host, None):
                addresses.add(str(info[4][0]))
        except OSError:
            continue
    return frozenset(addresses)


def is_trusted_source(source_ip: str, trusted: frozenset[str]) -> bool:
    try:
        return str(ipaddress.ip_address(source_ip)) in trusted
    except ValueError:
        return False


def tls_refusal_reason(
    problems: frozenset[str], server: str, names: tuple[str, ...], issuer: str = "", self_signed: bool = False
) -> str:
    """Why the server's TLS certificate was refused, for the agent (pure).

    ``problems``: "identity" (issued for another host), "untrusted" (unknown issuer or
    self-signed), "validity" (expired or not yet valid), "revoked", "other". ``names``: the
    host names/addresses the certificate is for; ``server``: the address we connected to.
    """
    parts: list[str] = []
    if "identity" in problems:
        shown = ", ".join(names) if names else "no name"
        parts.append(f"the server's certificate is for another host ({shown}), not {server}")
    if "untrusted" in problems:
        if self_signed:
            parts.append("the server's certificate is not trusted: it is self-signed; pin this certificate "
                         "(TLS CA file) only if you know it is your server's")
        else:
            parts.append(f"the server's certificate is not trusted: its issuer ({issuer or 'unknown'}) is not a "
                         "trusted authority; add that CA to the account's TLS CA file")
    if "validity" in problems:
        parts.append("the server's certificate has expired or is not yet valid")
    if "revoked" in problems:
        parts.append("the server's certificate was revoked")
    if not parts:
        parts.append("the server's certificate could not be verified")
    return "TLS refused: " + "; ".join(parts)
