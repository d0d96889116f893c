"""The agent's session with the central server: login and provisioning (requests, TLS verified).

Network IO only; it runs on an app worker thread, never the GUI or engine thread. The token
is kept in memory as a ``Secret`` (and may be cached in the keyring by the caller).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from softphone.domain.values import Secret
from softphone.domain.views import DispositionOption, NotReadyReason
from softphone.logsetup import register_secret

if TYPE_CHECKING:
    import requests

log = logging.getLogger(__name__)
TIMEOUT_S = 5.0


class ServerError(RuntimeError):
    """The server refused or could not be reached; the message is for the agent."""


@dataclass(frozen=True)
class Provisioning:
    disposition_catalog: tuple[DispositionOption, ...] = (
        DispositionOption("resolved", "Resolved"),
        DispositionOption("callback", "Call back", requires_follow_up=True),
        DispositionOption("escalated", "Escalated", requires_note=True),
    )
    wrap_up_seconds: int = 30
    may_take_call_before_disposition: bool = False
    not_ready_reasons: tuple[NotReadyReason, ...] = (NotReadyReason("break", "Break"),
                                                     NotReadyReason("training", "Training"))
    default_region: str = "US"
    customer_id_headers: tuple[str, ...] = ("X-Customer-Id",)
    screenpop_url_template: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Provisioning:
        default = cls()
        catalog = tuple(
            DispositionOption(str(item.get("code", "")), str(item.get("label", item.get("code", ""))),
                              bool(item.get("requires_note", False)), bool(item.get("requires_follow_up", False)))
            for item in data.get("disposition_catalog", []) if item.get("code")
        ) or default.disposition_catalog
        reasons = tuple(
            NotReadyReason(str(r.get("code", r)) if isinstance(r, dict) else str(r),
                           str(r.get("label", r.get("code", ""))) if isinstance(r, dict) else str(r))
            for r in data.get("not_ready_reasons", [])
        ) or default.not_ready_reasons
        return cls(
            disposition_catalog=catalog,
            wrap_up_seconds=int(data.get("wrap_up_seconds", default.wrap_up_seconds)),
            may_take_call_before_disposition=bool(data.get("may_take_call_before_disposition", False)),
            not_ready_reasons=reasons,
            default_region=str(data.get("default_region", default.default_region)),
            customer_id_headers=tuple(data.get("customer_id_headers", default.customer_id_headers)),
            screenpop_url_template=str(data.get("screenpop_url_template", "") or ""),
            raw=data,
        )


def _error(response: requests.Response) -> str:
    try:
        detail = response.json().get("detail", "")
    except ValueError:
        detail = ""
    return f"{response.status_code} {detail or response.reason}".strip()


def login(base_url: str, username: str, password: Secret, verify: bool | str = True) -> Secret:
    import requests  # here: the app imports this module for ``Provisioning`` without a server

    try:
        response = requests.post(f"{base_url.rstrip('/')}/api/v1/auth/login", timeout=TIMEOUT_S, verify=verify,
                                 json={"username": username, "password": password.reveal()})
    except requests.RequestException as exc:
        raise ServerError(f"the server {base_url} cannot be reached: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise ServerError(f"login refused: {_error(response)}")
    token = str(response.json()["access_token"])
    register_secret(token)
    return Secret(token)


def fetch_provisioning(base_url: str, token: Secret, verify: bool | str = True) -> Provisioning:
    import requests

    try:
        response = requests.get(f"{base_url.rstrip('/')}/api/v1/provisioning", timeout=TIMEOUT_S, verify=verify,
                                headers={"Authorization": f"Bearer {token.reveal()}"})
    except requests.RequestException as exc:
        raise ServerError(f"the server {base_url} cannot be reached: {exc.__class__.__name__}") from exc
    if response.status_code != 200:
        raise ServerError(f"provisioning failed: {_error(response)}")
    return Provisioning.from_json(response.json())
