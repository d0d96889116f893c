"""Which items go together, and what each HTTP status means for an item."""

from __future__ import annotations

import pytest

from softphone.store.outbox import PendingItem
from softphone.sync.planning import Verdict, plan_batch, reason_from_body, verdict


def item(seq: int, key: str, kind: str = "disposition") -> PendingItem:
    return PendingItem(seq=seq, idempotency_key=f"k{seq}", kind=kind, order_key=key, body="{}", attempts=0)


@pytest.mark.parametrize(("status", "expected"), [
    (200, Verdict.DELIVERED), (201, Verdict.DELIVERED), (204, Verdict.DELIVERED),
    (408, Verdict.RETRY), (429, Verdict.RETRY), (500, Verdict.RETRY), (502, Verdict.RETRY), (503, Verdict.RETRY),
    (400, Verdict.DEAD), (403, Verdict.DEAD), (404, Verdict.DEAD), (409, Verdict.DEAD), (422, Verdict.DEAD),
    (301, Verdict.RETRY),
])
def test_verdicts(status: int, expected: Verdict) -> None:
    assert verdict(status) is expected


def test_one_item_per_call_so_nothing_overtakes_its_predecessor() -> None:
    window = [item(1, "a"), item(2, "a"), item(3, "b"), item(4, "c"), item(5, "b")]
    assert [i.seq for i in plan_batch(window, 100)] == [1, 3, 4]


def test_the_interaction_goes_before_a_disposition_saved_during_the_call() -> None:
    window = [item(1, "a", "disposition"), item(2, "b"), item(3, "a", "interaction")]
    assert [(i.seq, i.kind) for i in plan_batch(window, 100)] == [(2, "disposition"), (3, "interaction")]


def test_batch_limit_keeps_the_oldest() -> None:
    window = [item(i, f"call{i}") for i in range(1, 300)]
    assert [i.seq for i in plan_batch(window, 100)] == list(range(1, 101))
    assert plan_batch([], 100) == []


def test_reason_is_the_servers_detail_as_plain_text() -> None:
    assert reason_from_body(422, {"detail": "unknown disposition code 'x'"}) == \
        "HTTP 422: unknown disposition code 'x'"
    assert reason_from_body(422, {"detail": [{"loc": ["body", "code"], "msg": "bad"}]}).startswith('HTTP 422: [{"loc"')
    assert reason_from_body(404, None) == "HTTP 404"
    assert reason_from_body(400, "<b>plain</b>") == "HTTP 400: <b>plain</b>"
