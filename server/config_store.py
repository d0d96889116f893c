"""Contact-center settings served in provisioning: defaults here, admin overrides in the
``server_settings`` table (JSON values)."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ServerSetting

DEFAULTS: dict[str, Any] = {
    "wrap_up_seconds": 30,
    "may_take_call_before_disposition": False,
    "screenpop_url_template": "https://crm.example.com/customers/{customer_id}?phone={number_e164}",
    "default_region": "US",
    "not_ready_reasons": ["break", "lunch", "training", "meeting", "admin", "technical_issue"],
    "customer_id_headers": ["X-Customer-ID", "X-CRM-Customer"],
    # Asterisk ChanSpy style; {ext} is the agent's extension
    "supervisor_feature_codes": {"listen": "*222{ext}", "whisper": "*223{ext}", "barge": "*224{ext}"},
    "monitor_method": "peer_bridge",  # or "pbx": supervisors dial the feature codes
    "monitor_grant_header": "X-Monitor-Grant",
    "monitor_notify_agent": True,
}

# the type each override must have (bool is checked before int: bool is an int subclass)
TYPES: dict[str, type] = {key: type(value) for key, value in DEFAULTS.items()}


def validate_overrides(values: dict[str, Any]) -> list[str]:
    problems = []
    for key, value in values.items():
        wanted = TYPES.get(key)
        if wanted is None:
            problems.append(f"unknown setting {key!r}")
        elif type(value) is not wanted:
            problems.append(f"{key} must be a {wanted.__name__}")
    return problems


_cache: dict[str, tuple[float, dict[str, Any]]] = {}


def current_config(session: Session, max_age_s: float = 0.0) -> dict[str, Any]:
    """The settings; ``max_age_s`` > 0 accepts a copy read that recently (hot paths: another
    server process's change then shows within that time)."""
    bind = str(session.get_bind().engine.url)
    cached = _cache.get(bind)
    if max_age_s > 0 and cached is not None and time.monotonic() - cached[0] < max_age_s:
        return cached[1]
    config = dict(DEFAULTS)
    for row in session.scalars(select(ServerSetting)):
        if row.key in config:
            config[row.key] = json.loads(row.value_json)
    _cache[bind] = (time.monotonic(), config)
    return config


def save_overrides(session: Session, values: dict[str, Any]) -> None:
    _cache.clear()
    for key, value in values.items():
        row = session.get(ServerSetting, key)
        if row is None:
            session.add(ServerSetting(key=key, value_json=json.dumps(value)))
        else:
            row.value_json = json.dumps(value)
