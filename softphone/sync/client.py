"""HTTP client of the sync API: one batch or one item per call, failures as typed exceptions.

TLS verification is always on (``verify`` may name an extra CA bundle, never ``False``).
No automatic retries here: the outbox worker owns the retry loop (urllib3's Retry would not
retry a POST anyway).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from softphone.store.outbox import PendingItem
from softphone.store.payloads import KIND_AGENT_STATE, KIND_DISPOSITION, KIND_INTERACTION, KIND_NOTE
from softphone.sync.backoff import parse_retry_after

API = "/api/v1"
ENDPOINTS = {
    KIND_INTERACTION: f"{API}/interactions",
    KIND_DISPOSITION: f"{API}/dispositions",
    KIND_NOTE: f"{API}/notes",
    KIND_AGENT_STATE: f"{API}/agent-states",
}
BATCH_PATH = f"{API}/batch"
HEALTH_PATH = f"{API}/health"
MAX_BATCH = 100
TokenProvider = Callable[[], str | None]


@dataclass(frozen=True)
class ItemResult:
    idempotency_key: str
    status: int
    body: Any
    retry_after: float | None = None


class SyncError(Exception):
    """The request as a whole failed; ``str()`` is for the agent to read."""


class TransientError(SyncError):
    """Try again later: no connection, timeout, 408, 429, 5xx, or an unreadable answer."""

    def __init__(self, reason: str, *, retry_after: float | None = None, reachable: bool = True) -> None:
        super().__init__(reason)
        self.retry_after = retry_after
        self.reachable = reachable


class NotSignedInError(SyncError):
    """No token, or the server refused it (401): the app must sign in again."""


class BatchUnsupportedError(SyncError):
    """The server has no batch endpoint (404/405): send items one by one."""


class BatchRejectedError(SyncError):
    """The server refused the batch request itself (another 4xx): isolate the bad item by sending singly."""


class SyncClient:
    def __init__(self, base_url: str, token_provider: TokenProvider, *, verify: bool | str = True,
                 connect_timeout_s: float = 5.0, read_timeout_s: float = 30.0,
                 session: requests.Session | None = None) -> None:
        if verify is False:
            raise ValueError("TLS verification cannot be turned off; pass a CA bundle path instead")
        self.base_url = base_url.rstrip("/")
        self._token_provider = token_provider
        self._verify = verify
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._session = session or requests.Session()

    def close(self) -> None:
        self._session.close()

    def _headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        token = self._token_provider()
        if not token:
            raise NotSignedInError("Not signed in to the server")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                   "Accept": "application/json"}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    def _post(self, path: str, data: bytes, headers: dict[str, str]) -> requests.Response:
        try:
            return self._session.post(self.base_url + path, data=data, headers=headers, timeout=self._timeout,
                                      verify=self._verify, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise TransientError(f"TLS error talking to the server: {_short(exc)}", reachable=False) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise TransientError(f"Server unreachable: {_short(exc)}", reachable=False) from exc
        except requests.RequestException as exc:  # e.g. a response cut off mid-body
            raise TransientError(f"Request failed: {_short(exc)}", reachable=False) from exc

    @staticmethod
    def _raise_for_transport(response: requests.Response) -> None:
        status = response.status_code
        if status == 401:
            raise NotSignedInError("The server refused the sign-in token (401): sign in again")
        if status in (408, 429) or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
            raise TransientError(f"Server busy or failing (HTTP {status})", retry_after=retry_after)

    def send_batch(self, items: Sequence[PendingItem]) -> list[ItemResult]:
        """POST the items to /batch; the per-item results in the same order."""
        if not items or len(items) > MAX_BATCH:
            raise ValueError(f"a batch holds 1..{MAX_BATCH} items")
        # the stored body text is spliced in as is: a retry sends the very same bytes
        parts = [f'{{"kind":{json.dumps(i.kind)},"idempotency_key":{json.dumps(i.idempotency_key)},"body":{i.body}}}'
                 for i in items]
        data = ('{"items":[' + ",".join(parts) + "]}").encode()
        response = self._post(BATCH_PATH, data, self._headers())
        self._raise_for_transport(response)
        if response.status_code in (404, 405):
            raise BatchUnsupportedError(f"No batch endpoint (HTTP {response.status_code})")
        if response.status_code != 200:
            raise BatchRejectedError(f"Batch refused (HTTP {response.status_code})")
        try:
            results = response.json()["results"]
            parsed = [ItemResult(str(r["idempotency_key"]), int(r["status"]), r.get("body")) for r in results]
        except (ValueError, KeyError, TypeError) as exc:
            raise TransientError("Unreadable batch answer from the server") from exc
        if [r.idempotency_key for r in parsed] != [i.idempotency_key for i in items]:
            raise TransientError("The server's batch answer does not match the items sent")
        return parsed

    def send_one(self, item: PendingItem) -> ItemResult:
        response = self._post(ENDPOINTS[item.kind], item.body.encode(), self._headers(item.idempotency_key))
        if response.status_code == 401:
            raise NotSignedInError("The server refused the sign-in token (401): sign in again")
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text[:2000]
        retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
        return ItemResult(item.idempotency_key, response.status_code, body, retry_after)

    def probe(self) -> bool:
        """True when the server answers HTTP at all (any status): it is back."""
        try:
            self._session.get(self.base_url + HEALTH_PATH, timeout=(1.0, 2.0), verify=self._verify,
                              allow_redirects=False)
        except requests.RequestException:
            return False
        return True


def _short(exc: BaseException) -> str:
    text = str(exc)
    return text if len(text) <= 200 else text[:200] + "..."
