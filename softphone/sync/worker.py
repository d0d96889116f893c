"""OutboxWorker: the thread that delivers the outbox to the server, at least once, in order per call.

Loop: take the oldest pending items (one per order key), POST them as one batch, record each
item's verdict in one transaction, repeat. Failures of the whole request back off (capped
exponential, full jitter, ``Retry-After`` honoured); while the server is unreachable a cheap
probe notices at once when it is back. The store wakes the worker when an item is queued.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence

from softphone.domain.app_events import OutboxDrained, OutboxItemDeadLettered, OutboxStatusChanged
from softphone.domain.hub import EventHub
from softphone.domain.messages import Event
from softphone.store.errors import StoreError
from softphone.store.outbox import DeadLettered, Delivered, Outcome, PendingItem, RetryLater
from softphone.store.store import Store
from softphone.sync.backoff import BackoffPolicy, retry_delay
from softphone.sync.client import (
    MAX_BATCH,
    BatchRejectedError,
    BatchUnsupportedError,
    ItemResult,
    NotSignedInError,
    SyncClient,
    TransientError,
)
from softphone.sync.planning import Verdict, plan_batch, reason_from_body, verdict

log = logging.getLogger(__name__)


class OutboxWorker:
    def __init__(self, store: Store, client: SyncClient, hub: EventHub | None = None, *,
                 policy: BackoffPolicy | None = None, batch_size: int = MAX_BATCH, idle_poll_s: float = 30.0,
                 rand: Callable[[], float] = random.random) -> None:
        self.store = store
        self.client = client
        self.hub = hub
        self.policy = policy or BackoffPolicy()
        self.batch_size = max(1, min(batch_size, MAX_BATCH))
        self.idle_poll_s = idle_poll_s  # another process may have queued items (e.g. a crashed run)
        self._rand = rand
        self._wake = threading.Event()
        self._force = threading.Event()
        self._stop = threading.Event()
        self._use_batch = True
        self._attempt = 0
        self._delivered_run = 0
        self.last_success_at: float | None = None
        self.last_error = ""
        self.server_reachable = True
        self._remove_listener = store.add_outbox_listener(self.wake)
        self._thread = threading.Thread(target=self._run, name="sync", daemon=True)

    # ---- control (any thread) ------------------------------------------------------------
    def start(self) -> OutboxWorker:
        self._thread.start()
        return self

    def wake(self) -> None:
        """An item was queued: deliver now if idle (a running backoff is not cut short)."""
        self._wake.set()

    def retry_now(self) -> None:
        """The agent (or a network-change signal) asks to try at once, even during a backoff."""
        self._force.set()
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> bool:
        self._remove_listener()
        self._stop.set()
        self._force.set()  # ends a backoff wait at once
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self.client.close()
        return not self._thread.is_alive()

    # ---- the loop --------------------------------------------------------------------------
    def _run(self) -> None:
        self._publish_status()
        while not self._stop.is_set():
            try:
                self._cycle()
            except StoreError as exc:  # the disk failed under us: say so, try again later
                self._fail(str(exc), reachable=self.server_reachable)
                self._attempt += 1
                self._sleep(retry_delay(self._attempt, None, self.policy, self._rand), probe=False)
            except Exception:
                log.exception("outbox worker cycle failed")
                self._attempt += 1
                self._sleep(retry_delay(self._attempt, None, self.policy, self._rand), probe=False)

    def _cycle(self) -> None:
        self._wake.clear()
        self._force.clear()  # a retry_now() that arrived while idle is served by this cycle
        if self._stop.is_set():
            return
        window = self.store.outbox_window(self.batch_size * 10)
        if not window:
            if self._delivered_run:
                self._emit(OutboxDrained(delivered=self._delivered_run))
                self._delivered_run = 0
                self._publish_status()
            self._wake.wait(self.idle_poll_s)
            return
        batch = plan_batch(window, self.batch_size)
        try:
            outcomes, retry_after = self._deliver(batch)
        except NotSignedInError as exc:
            self._fail(str(exc), reachable=True)
            self._attempt += 1
            self._sleep(retry_delay(self._attempt, None, self.policy, self._rand), probe=False)
            return
        except TransientError as exc:
            self._fail(str(exc), reachable=exc.reachable)
            self._attempt += 1
            self._sleep(retry_delay(self._attempt, exc.retry_after, self.policy, self._rand),
                        probe=not exc.reachable)
            return
        self._apply(batch, outcomes)
        if any(isinstance(o, RetryLater) for o in outcomes):
            self._attempt += 1
            self._sleep(retry_delay(self._attempt, retry_after, self.policy, self._rand), probe=False)
        else:
            self._attempt = 0

    def _deliver(self, batch: Sequence[PendingItem]) -> tuple[list[Outcome], float | None]:
        if self._use_batch and len(batch) > 1:
            try:
                return self._judge(batch, self.client.send_batch(batch)), None
            except BatchUnsupportedError:
                log.warning("server has no batch endpoint; sending items one by one")
                self._use_batch = False
            except BatchRejectedError as exc:
                log.warning("%s; sending this batch item by item", exc)
        return self._deliver_singly(batch)

    def _deliver_singly(self, batch: Sequence[PendingItem]) -> tuple[list[Outcome], float | None]:
        outcomes: list[Outcome] = []
        for item in batch:
            try:
                result = self.client.send_one(item)
            except TransientError:
                if not outcomes:
                    raise
                break  # keep what was delivered; the rest goes next round
            outcomes.extend(self._judge([item], [result]))
            if verdict(result.status) is Verdict.RETRY:
                return outcomes, result.retry_after
        return outcomes, None

    @staticmethod
    def _judge(items: Sequence[PendingItem], results: Sequence[ItemResult]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        for item, result in zip(items, results, strict=True):
            match verdict(result.status):
                case Verdict.DELIVERED:
                    outcomes.append(Delivered(item.seq, result.status))
                case Verdict.DEAD:
                    outcomes.append(DeadLettered(item.seq, result.status, reason_from_body(result.status, result.body)))
                case Verdict.RETRY:
                    outcomes.append(RetryLater(item.seq, reason_from_body(result.status, result.body)))
        return outcomes

    def _apply(self, batch: Sequence[PendingItem], outcomes: Sequence[Outcome]) -> None:
        self.store.record_outcomes(outcomes)
        by_seq = {item.seq: item for item in batch}
        delivered = sum(isinstance(o, Delivered) for o in outcomes)
        if delivered:
            self._delivered_run += delivered
            self.last_success_at = time.time()
        retry = [o for o in outcomes if isinstance(o, RetryLater)]
        self.last_error = retry[0].error if retry else ""
        self.server_reachable = True
        for outcome in outcomes:
            if isinstance(outcome, DeadLettered):
                item = by_seq[outcome.seq]
                log.warning("outbox item %s (%s) refused: %s", item.idempotency_key, item.kind, outcome.reason)
                self._emit(OutboxItemDeadLettered(item_id=item.idempotency_key, kind=item.kind,
                                                  reason=outcome.reason, status_code=outcome.status))
        self._publish_status()

    # ---- waiting and reporting ---------------------------------------------------------------
    def _sleep(self, delay: float, *, probe: bool) -> None:
        """Wait ``delay`` s; end early on stop, ``retry_now``, or (``probe``) when the server answers again."""
        deadline = time.monotonic() + delay
        step = self.policy.probe_interval_s if probe else delay
        seen_down = False  # a probe that succeeds at once (e.g. only an answer was lost) keeps the backoff
        while not self._stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._force.wait(min(step, left))
            if self._force.is_set():
                self._force.clear()
                return
            if probe and time.monotonic() < deadline:
                if not self.client.probe():
                    seen_down = True
                elif seen_down:
                    log.info("server reachable again")
                    return

    def _fail(self, reason: str, *, reachable: bool) -> None:
        changed = reason != self.last_error or reachable != self.server_reachable
        self.last_error, self.server_reachable = reason, reachable
        if changed:
            log.warning("outbox delivery failed: %s", reason)
            self._publish_status()

    def _publish_status(self) -> None:
        if self.hub is None:
            return
        try:
            pending, dead = self.store.pending_outbox_count(), self.store.dead_letter_count()
        except StoreError as exc:
            log.error("outbox status: %s", exc)
            return
        self._emit(OutboxStatusChanged(pending=pending, dead_letters=dead, last_success_at=self.last_success_at,
                                       last_error=self.last_error, server_reachable=self.server_reachable))

    def _emit(self, event: Event) -> None:
        if self.hub is not None:
            self.hub.publish(event)
