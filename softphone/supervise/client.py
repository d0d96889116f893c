"""The supervisor's HTTP client for the server's board and monitor grants (app worker thread).

    client = MonitorClient(base_url, token_provider=lambda: token.reveal())
    client.board()                                   # -> tuple[BoardAgent, ...]
    client.request_grant("agent7", MonitorMode.WHISPER)   # -> IssuedGrant (raises MonitorClientError)

Blocking network IO: never call it on the GUI or engine thread. The grant is a bearer secret
for a minute: it is never logged (``IssuedGrant`` hides it from ``repr``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from softphone.domain.monitor import GRANT_HEADER, BoardAgent, board_from_json
from softphone.domain.values import MonitorMode


class MonitorClientError(RuntimeError):
    """The server refused (``status`` 403/404/409...) or could not be reached (``status`` 0)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class IssuedGrant:
    token: str = field(repr=False)
    mode: MonitorMode
    call_id: str
    agent: str
    extension: str
    header: str = GRANT_HEADER
    feature_code: str | None = None
    method: str = "peer_bridge"
    expires_at: str = ""

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IssuedGrant:
        agent = data.get("agent") or {}
        header = data.get("sip_header") or {}
        return cls(token=str(data["grant"]), mode=MonitorMode(str(data["mode"])), call_id=str(data["call_id"]),
                   agent=str(agent.get("username", "")), extension=str(agent.get("extension") or ""),
                   header=str(header.get("name") or GRANT_HEADER), feature_code=data.get("feature_code"),
                   method=str(data.get("method") or "peer_bridge"), expires_at=str(data.get("expires_at") or ""))


class MonitorClient:
    def __init__(self, base_url: str, token_provider: Callable[[], str], *, verify: bool | str = True,
                 timeout_s: float = 5.0, session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/") + "/api/v1"
        self._token_provider = token_provider
        self._verify = verify
        self._timeout = timeout_s
        self._session = session or requests.Session()

    def close(self) -> None:
        self._session.close()

    def board(self) -> tuple[BoardAgent, ...]:
        data = self._call("GET", "/supervisor/board")
        rows = data.get("agents", [])
        return board_from_json(rows if isinstance(rows, list) else [])

    def request_grant(self, agent: str, mode: MonitorMode, call_id: str | None = None) -> IssuedGrant:
        body: dict[str, Any] = {"agent": agent, "mode": mode.value}
        if call_id:
            body["call_id"] = call_id
        return IssuedGrant.from_json(self._call("POST", "/monitor/grants", json=body))

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {self._token_provider()}", "Accept": "application/json"}
        try:
            response = self._session.request(method, self.base_url + path, headers=headers, timeout=self._timeout,
                                             verify=self._verify, allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            raise MonitorClientError(f"the server cannot be reached ({type(exc).__name__})") from None
        if response.status_code >= 300:
            try:
                detail = str(response.json().get("detail", ""))
            except ValueError:
                detail = ""
            raise MonitorClientError(detail or f"the server answered {response.status_code}", response.status_code)
        data = response.json()
        return data if isinstance(data, dict) else {}
