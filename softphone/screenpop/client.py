"""The central server's customer lookup over HTTPS (``requests``, TLS verified).

Runs on the screen-pop service's HTTP threads, never on the engine or GUI thread. Every
failure becomes a ``LookupFailedError`` whose ``reason`` is for the agent to read ("server
unreachable", "timed out", ...). The server's answer is untrusted: every field is turned into
one line of plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from urllib.parse import quote

import requests

from softphone.domain.app_events import CustomerMatch
from softphone.domain.values import Secret
from softphone.screenpop.identity import clean_text

UNREACHABLE = "server unreachable"
TIMED_OUT = "timed out"
BAD_ANSWER = "bad answer from server"
NOT_AUTHORIZED = "not authorized"
TLS_FAILED = "server certificate not trusted"
MAX_MATCHES = 20


class LookupFailedError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _line(item: object) -> str:
    if isinstance(item, Mapping):
        return clean_text(" - ".join(str(v) for v in item.values() if isinstance(v, str | int | float)), 160)
    return clean_text(str(item), 160)


def summary_of(raw: Mapping[str, object]) -> str:
    """Open items, last interactions and notes as a few lines of plain text."""
    lines: list[str] = []
    for key, title in (("open_items", "Open"), ("last_interactions", "Last"), ("notes", "Note")):
        items = raw.get(key)
        if isinstance(items, list):
            lines.extend(f"{title}: {_line(item)}" for item in items[:5] if _line(item))
    return "\n".join(lines)


def parse_match(raw: object) -> CustomerMatch | None:
    if not isinstance(raw, Mapping):
        return None
    customer_id = raw.get("customer_id")
    if not isinstance(customer_id, str | int) or isinstance(customer_id, bool) or not str(customer_id):
        return None

    def text(key: str, limit: int = 200) -> str:
        value = raw.get(key)
        return clean_text(value, limit) if isinstance(value, str) else ""

    return CustomerMatch(customer_id=clean_text(str(customer_id), 64), name=text("name"), company=text("company"),
                         tier=text("tier", 40), language=text("language", 20), summary=summary_of(raw))


def parse_matches(payload: object) -> tuple[CustomerMatch, ...]:
    """``{"matches": [...]}`` (lookup) or one match object (customer by id) -> matches."""
    if isinstance(payload, Mapping) and "matches" in payload:
        items = payload["matches"]
        if not isinstance(items, list):
            raise LookupFailedError(BAD_ANSWER)
        return tuple(m for m in (parse_match(x) for x in items[:MAX_MATCHES]) if m is not None)
    if isinstance(payload, Mapping):
        match = parse_match(payload)
        if match is None:
            raise LookupFailedError(BAD_ANSWER)
        return (match,)
    raise LookupFailedError(BAD_ANSWER)


class LookupClient:
    def __init__(self, base_url: str, token: Callable[[], str | Secret], *, timeout_s: float = 1.5,
                 verify: bool | str = True, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout_s = timeout_s
        self.verify = verify
        self._session = session or requests.Session()

    def by_phone(self, phone: str) -> tuple[CustomerMatch, ...]:
        return parse_matches(self._get("/api/v1/customers/lookup", {"phone": phone}))

    def by_customer_id(self, customer_id: str) -> tuple[CustomerMatch, ...]:
        """The IVR's customer id; () when the server does not know it (404)."""
        payload = self._get(f"/api/v1/customers/{quote(customer_id, safe='')}", None, missing_ok=True)
        return () if payload is None else parse_matches(payload)

    def _get(self, path: str, params: dict[str, str] | None, *, missing_ok: bool = False) -> object:
        token = self._token()
        secret = token.reveal() if isinstance(token, Secret) else token
        headers = {"Authorization": f"Bearer {secret}", "Accept": "application/json"}
        try:
            response = self._session.get(self.base_url + path, params=params, headers=headers,
                                         timeout=(self.timeout_s, self.timeout_s), verify=self.verify)
        except requests.Timeout:
            raise LookupFailedError(TIMED_OUT) from None
        except requests.exceptions.SSLError:
            raise LookupFailedError(TLS_FAILED) from None
        except requests.RequestException:
            raise LookupFailedError(UNREACHABLE) from None
        with response:
            if missing_ok and response.status_code == 404:
                return None
            if response.status_code in (401, 403):
                raise LookupFailedError(f"{NOT_AUTHORIZED} (HTTP {response.status_code})")
            if response.status_code != 200:
                raise LookupFailedError(f"server error (HTTP {response.status_code})")
            try:
                return response.json()
            except ValueError:
                raise LookupFailedError(BAD_ANSWER) from None

    def close(self) -> None:
        self._session.close()
