"""The EventHub fans events out to subscribers, each on the thread it names.

A subscriber passes a ``deliver`` function that schedules work on its own thread:
``deliver_inline`` runs the handler on the publisher's thread (only for handlers that
are quick and thread-safe), ``Worker.submit`` runs it on a worker thread, and the Qt
bridge passes a function that posts to the GUI thread. The hub itself never blocks
on a subscriber and never lets a subscriber's exception reach the publisher.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from softphone.domain.messages import Event
from softphone.domain.threads import ThreadOwner

log = logging.getLogger(__name__)

Handler = Callable[[Event], None]
Task = Callable[[], None]
Deliver = Callable[[Task], None]
E = TypeVar("E", bound=Event)


def deliver_inline(task: Task) -> None:
    task()


@dataclass(eq=False)
class Subscription:
    handler: Handler
    types: tuple[type[Event], ...]
    deliver: Deliver
    name: str

    def wants(self, event: Event) -> bool:
        return isinstance(event, self.types)


class EventHub:
    """Fan-out of events. "Sticky" event types (state, not news: registration, agent state, sync
    status) are remembered per key, and a late subscriber gets the latest of each at once, so a
    window opened after the account registered still shows "registered"."""

    def __init__(self) -> None:
        self._subs: list[Subscription] = []
        self._lock = threading.Lock()
        self._sticky_keys: dict[type[Event], Callable[[Event], object]] = {}
        self._latest: dict[tuple[type[Event], object], Event] = {}

    def make_sticky(self, kind: type[Event], key: Callable[[Event], object] = lambda _e: None) -> None:
        with self._lock:
            self._sticky_keys[kind] = key

    def subscribe(
        self,
        handler: Handler,
        *,
        types: tuple[type[Event], ...] = (Event,),
        deliver: Deliver = deliver_inline,
        name: str = "",
    ) -> Subscription:
        sub = Subscription(handler, types, deliver, name or getattr(handler, "__qualname__", "handler"))
        with self._lock:
            self._subs = [*self._subs, sub]
            replay = [event for event in self._latest.values() if sub.wants(event)]
        for event in sorted(replay, key=lambda e: e.at):
            sub.deliver(_guarded(sub, event))
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            self._subs = [s for s in self._subs if s is not sub]

    def publish(self, event: Event) -> None:
        key = self._sticky_keys.get(type(event))
        if key is not None:
            with self._lock:
                self._latest[(type(event), key(event))] = event
        for sub in self._subs:  # copy-on-write list: safe without the lock
            if sub.wants(event):
                sub.deliver(_guarded(sub, event))


def _guarded(sub: Subscription, event: Event) -> Task:
    def run() -> None:
        try:
            sub.handler(event)
        except Exception:
            log.exception("subscriber %s failed on %s", sub.name, type(event).__name__)

    return run


class Worker:
    """A named thread that runs submitted tasks in order; owns whatever its tasks touch."""

    _STOP = object()

    def __init__(self, name: str) -> None:
        self.name = name
        self.owner = ThreadOwner(name)
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, task: Task) -> None:
        self._queue.put(task)

    def _run(self) -> None:
        self.owner.bind()
        while True:
            task = self._queue.get()
            if task is Worker._STOP:
                return
            try:
                task()  # type: ignore[operator]
            except Exception:
                log.exception("task on worker %s failed", self.name)

    def stop(self, timeout: float = 5.0) -> bool:
        self._queue.put(Worker._STOP)
        self._thread.join(timeout)
        return not self._thread.is_alive()


@dataclass
class EventRecorder:
    """Collects events; tests, benchmarks and the headless demo wait on it."""

    events: list[Event] = field(default_factory=list)
    _cond: threading.Condition = field(default_factory=threading.Condition)

    def __call__(self, event: Event) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def of_type(self, kind: type[E]) -> list[E]:
        with self._cond:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(
        self,
        kind: type[E],
        predicate: Callable[[E], bool] = lambda _e: True,
        timeout: float = 10.0,
        *,
        after: int = 0,
    ) -> E:
        """Return the first event of ``kind`` (at index >= ``after``) that satisfies ``predicate``."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[after:]:
                    if isinstance(event, kind) and predicate(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [type(e).__name__ for e in self.events[after:]][-30:]
                    raise TimeoutError(f"no {kind.__name__} within {timeout} s; saw {seen}")
                self._cond.wait(left)

    def mark(self) -> int:
        """Index to pass as ``after`` to wait only for events from now on."""
        with self._cond:
            return len(self.events)
