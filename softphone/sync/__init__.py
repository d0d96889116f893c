"""The outbox worker (issue 5): at-least-once delivery, exactly once in effect.

Every outbox item carries its own ``Idempotency-Key`` (UUID v4, stored with the row) and its
exact JSON body, so a retry is the very same request and the server replays its first answer.
Usage (the app owns the token: it reads it from the keyring and never stores it)::

    client = SyncClient("https://server.example", token_provider=lambda: keyring_token())
    worker = OutboxWorker(store, client, hub).start()   # its own thread, named "sync"
    worker.retry_now()                                  # e.g. on a network change or a "retry" click
    worker.stop()

It sends up to 100 items per ``POST /api/v1/batch`` (one item per call at a time, the
interaction record before its disposition), falls back to the single endpoints when the
server has no batch endpoint, backs off on connection errors, 408, 429 and 5xx (capped
exponential with full jitter, ``Retry-After`` honoured, see ``backoff``), probes while the
server is unreachable and resumes at once when it answers, and dead-letters items refused
with any other 4xx, keeping the server's reason. It publishes ``OutboxStatusChanged``
(pending, dead letters, last success, last error, reachable), ``OutboxItemDeadLettered``
(``item_id`` is the item's idempotency key) and ``OutboxDrained``.
"""

from softphone.sync.backoff import BackoffPolicy
from softphone.sync.client import SyncClient
from softphone.sync.worker import OutboxWorker

__all__ = ["BackoffPolicy", "OutboxWorker", "SyncClient"]
