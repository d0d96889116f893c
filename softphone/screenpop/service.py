"""ScreenPopService: the customer card of every call, looked up off the engine and GUI threads.

    service = ScreenPopService(hub, settings, LookupClient(base, token), open_url=webbrowser.open)
    service.start()      # subscribes to the EventHub; its handlers run on the "screenpop" Worker
    ...
    service.stop()

Threads: the hub hands ``IncomingCallRang``/``OutgoingCallStarted``/``CallAnswered``/
``CallReplaced``/``CallEnded`` to the "screenpop" Worker (``Worker.submit``), so publishing
them costs the engine link only a queue put: the phone rings at once whatever the server does.
The Worker owns all state. HTTP runs on a small thread pool; its answer comes back to the
Worker, as does a timer that fires after ``timeout_s``: whichever is first decides, so the
timeout is hard even if the server trickles its answer. Per call the service publishes
``CustomerLookupStarted`` then exactly one of ``CustomerFound`` / ``CustomerNotFound`` /
``CustomerLookupFailed`` (withheld or unidentifiable callers: only ``CustomerNotFound``).
Answers (found / not found) are cached ``cache_ttl_s`` seconds; failures are not.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Protocol

from softphone.domain import events as ev
from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerMatch,
    CustomerNotFound,
)
from softphone.domain.hub import EventHub, Subscription, Worker
from softphone.domain.messages import Event
from softphone.domain.values import Direction, RemoteIdentity
from softphone.screenpop.cache import TtlCache
from softphone.screenpop.client import TIMED_OUT, LookupFailedError
from softphone.screenpop.crmurl import TemplateError, render_crm_url
from softphone.screenpop.identity import CallerIdentity, caller_identity
from softphone.screenpop.settings import OpenOn, ScreenPopSettings

log = logging.getLogger(__name__)

Matches = tuple[CustomerMatch, ...]


class CustomerDirectory(Protocol):
    """What the service needs from the server (``LookupClient``); raises ``LookupFailedError``."""

    def by_phone(self, phone: str) -> Matches: ...

    def by_customer_id(self, customer_id: str) -> Matches: ...


@dataclass
class _Call:
    identity: CallerIdentity
    direction: Direction
    token: int = 0
    pending: bool = False
    matches: Matches | None = None
    opened: bool = False
    ended: bool = False
    timer: threading.Timer | None = field(default=None, repr=False)


class ScreenPopService:
    def __init__(self, hub: EventHub, settings: ScreenPopSettings, directory: CustomerDirectory, *,
                 open_url: Callable[[str], object] | None = None, clock: Callable[[], float] = time.monotonic,
                 http_threads: int = 4) -> None:
        self.hub = hub
        self.settings = settings
        self.directory = directory
        self._open_url = open_url
        self._cache: TtlCache[tuple[str, str], Matches] = TtlCache(settings.cache_ttl_s, settings.cache_size, clock)
        self._calls: dict[str, _Call] = {}
        self._outbound_customers: dict[str, str] = {}
        self._tokens = itertools.count(1)
        self._worker: Worker | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._sub: Subscription | None = None
        self._http_threads = http_threads

    # ---- any thread ---------------------------------------------------------------------------
    def start(self) -> None:
        self._worker = Worker("screenpop")
        self._pool = ThreadPoolExecutor(self._http_threads, thread_name_prefix="screenpop-http")
        self._sub = self.hub.subscribe(
            self._on_event, deliver=self._worker.submit, name="screenpop",
            types=(ev.IncomingCallRang, ev.OutgoingCallStarted, ev.CallAnswered, ev.CallReplaced, ev.CallEnded))

    def stop(self) -> None:
        if self._sub is not None:
            self.hub.unsubscribe(self._sub)
            self._sub = None
        if self._worker is not None:
            self._worker.submit(self._cancel_timers)
            self._worker.stop()
            self._worker = None
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def dialing_customer(self, call_id: str, customer_id: str) -> None:
        """The agent dials a customer (not just a number): that customer's card pops for ``call_id``."""
        self._submit(lambda: self._outbound_customers.__setitem__(call_id, customer_id))

    def lookup_again(self, call_id: str) -> None:
        """The agent asks again (the card's "retry", or after creating the customer): bypasses the cache."""
        self._submit(lambda: self._retry(call_id))

    def _submit(self, task: Callable[[], None]) -> None:
        if self._worker is None:
            raise RuntimeError("ScreenPopService is not started")
        self._worker.submit(task)

    # ---- the screenpop worker ----------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        match event:
            case ev.IncomingCallRang(call_id=call_id, remote=remote):
                self._begin(call_id, remote, Direction.INBOUND)
            case ev.OutgoingCallStarted(call_id=call_id, remote=remote):
                self._begin(call_id, remote, Direction.OUTBOUND)
            case ev.CallAnswered(call_id=call_id):
                call = self._calls.get(call_id)
                if call is not None and self.settings.open_on is OpenOn.ANSWER:
                    self._open_crm(call_id, call)
            case ev.CallReplaced(new_call_id=new_id, remote=remote) if remote is not None:
                self._begin(new_id, remote, Direction.INBOUND)
            case ev.CallEnded(call_id=call_id):
                call = self._calls.get(call_id)
                if call is not None:
                    call.ended = True
                    if not call.pending:
                        del self._calls[call_id]

    def _begin(self, call_id: str, remote: RemoteIdentity, direction: Direction) -> None:
        identity = caller_identity(remote, customer_id_headers=self.settings.customer_id_headers,
                                   default_region=self.settings.default_region)
        dialed_customer = self._outbound_customers.pop(call_id, "")
        if dialed_customer:
            identity = CallerIdentity(dialed_customer, identity.number_e164, identity.raw_number,
                                      identity.display_name, identity.withheld)
        call = _Call(identity, direction)
        self._calls[call_id] = call
        if self.settings.open_on is OpenOn.RING:
            self._open_crm(call_id, call)
        self._lookup(call_id, call)

    def _lookup(self, call_id: str, call: _Call) -> None:
        identity = call.identity
        key = identity.lookup_key
        if key is None:
            self._resolve(call_id, call, CustomerNotFound(call_id=call_id, number_e164=identity.number_e164,
                                                          withheld=identity.withheld), matches=())
            return
        self.hub.publish(CustomerLookupStarted(call_id=call_id, number_e164=identity.number_e164,
                                               customer_id=identity.customer_id))
        cached = self._cache.get(key)
        if cached is not None:
            self._resolve(call_id, call, self._answer(call_id, identity, cached), matches=cached)
            return
        assert self._pool is not None and self._worker is not None
        call.token = token = next(self._tokens)
        call.pending = True
        worker = self._worker
        future = self._pool.submit(self._fetch, identity)
        future.add_done_callback(lambda f: worker.submit(lambda: self._fetched(call_id, token, key, f)))
        timer = threading.Timer(self.settings.timeout_s, lambda: worker.submit(lambda: self._expired(call_id, token)))
        timer.daemon = True
        call.timer = timer
        timer.start()

    def _fetch(self, identity: CallerIdentity) -> Matches:
        """On an HTTP thread: the IVR's customer id first, then the number if the id is unknown."""
        if identity.customer_id:
            matches = self.directory.by_customer_id(identity.customer_id)
            if matches or not (identity.number_e164 or identity.raw_number):
                return matches
        return self.directory.by_phone(identity.number_e164 or identity.raw_number)

    def _fetched(self, call_id: str, token: int, key: tuple[str, str], future: Future[Matches]) -> None:
        call = self._calls.get(call_id)
        try:
            matches = future.result()
        except LookupFailedError as failure:
            if call is not None and call.token == token and call.pending:
                self._resolve(call_id, call, CustomerLookupFailed(call_id=call_id, reason=failure.reason))
            return
        except Exception as error:  # a bug or an unexpected library error: the card must still settle
            log.exception("customer lookup failed")
            if call is not None and call.token == token and call.pending:
                self._resolve(call_id, call, CustomerLookupFailed(call_id=call_id, reason=type(error).__name__))
            return
        self._cache.put(key, matches)  # a late answer still warms the cache for the next ring
        if call is not None and call.token == token and call.pending:
            self._resolve(call_id, call, self._answer(call_id, call.identity, matches), matches=matches)

    def _expired(self, call_id: str, token: int) -> None:
        call = self._calls.get(call_id)
        if call is not None and call.token == token and call.pending:
            self._resolve(call_id, call, CustomerLookupFailed(call_id=call_id, reason=TIMED_OUT))

    def _retry(self, call_id: str) -> None:
        call = self._calls.get(call_id)
        if call is not None and not call.pending:
            key = call.identity.lookup_key
            if key is not None:
                self._cache.discard(key)
            self._lookup(call_id, call)

    @staticmethod
    def _answer(call_id: str, identity: CallerIdentity, matches: Matches) -> Event:
        if matches:
            return CustomerFound(call_id=call_id, matches=matches)
        return CustomerNotFound(call_id=call_id, number_e164=identity.number_e164, withheld=identity.withheld)

    def _resolve(self, call_id: str, call: _Call, outcome: Event, matches: Matches | None = None) -> None:
        call.pending = False
        if call.timer is not None:
            call.timer.cancel()
            call.timer = None
        call.matches = matches
        self.hub.publish(outcome)
        if call.ended:
            self._calls.pop(call_id, None)

    def _open_crm(self, call_id: str, call: _Call) -> None:
        if call.opened or self._open_url is None or not self.settings.url_template:
            return
        identity = call.identity
        customer_id = identity.customer_id
        if not customer_id and call.matches is not None and len(call.matches) == 1:
            customer_id = call.matches[0].customer_id
        if not (customer_id or identity.number_e164 or identity.raw_number):
            return  # withheld and unidentified: nothing the CRM could show
        try:
            url = render_crm_url(self.settings.url_template, {
                "e164": identity.number_e164, "number": identity.raw_number, "customer_id": customer_id,
                "call_id": call_id, "name": identity.display_name, "direction": call.direction.value})
        except TemplateError:
            log.warning("the provisioned CRM URL template is not usable", exc_info=True)
            return
        call.opened = True
        opener = self._open_url

        def open_page() -> None:
            try:
                opener(url)
            except Exception:
                log.warning("opening the CRM page failed", exc_info=True)

        if self._pool is not None:
            self._pool.submit(open_page)  # a browser may take a moment to start: not on the worker

    def _cancel_timers(self) -> None:
        for call in self._calls.values():
            if call.timer is not None:
                call.timer.cancel()
