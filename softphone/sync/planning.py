"""Pure decisions of the outbox worker: what goes into the next batch, what an answer means."""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from typing import Any

from softphone.store.outbox import PendingItem
from softphone.store.payloads import KIND_INTERACTION


class Verdict(Enum):
    DELIVERED = "delivered"
    RETRY = "retry"
    DEAD = "dead"


RETRYABLE_4XX = frozenset({408, 429})


def verdict(status: int) -> Verdict:
    """2xx delivered; 408, 429 and 5xx retried; any other 4xx refused for good (dead letter)."""
    if 200 <= status < 300:
        return Verdict.DELIVERED
    if status in RETRYABLE_4XX or status >= 500 or status < 200:
        return Verdict.RETRY
    if 400 <= status < 500:
        return Verdict.DEAD
    return Verdict.RETRY  # 3xx: a misconfigured URL or proxy; keep the item and say so


def plan_batch(window: Sequence[PendingItem], limit: int) -> list[PendingItem]:
    """At most one item per order key, so nothing overtakes an earlier item of the same call.

    Within a key the interaction record goes first (the server then never needs a stub for a
    disposition saved while the call was still up); otherwise queue order.
    """
    first_by_key: dict[str, PendingItem] = {}
    for item in window:
        best = first_by_key.get(item.order_key)
        if best is None or (item.kind == KIND_INTERACTION and best.kind != KIND_INTERACTION):
            first_by_key[item.order_key] = item
    return sorted(first_by_key.values(), key=lambda i: i.seq)[:limit]


def reason_from_body(status: int, body: Any) -> str:
    """The server's reason as plain text (``detail`` of the JSON error), never markup."""
    detail: Any = body.get("detail") if isinstance(body, dict) else body
    if detail is None or detail == "":
        return f"HTTP {status}"
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False)
    return f"HTTP {status}: {text[:2000]}"
