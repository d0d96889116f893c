"""The outbox worker: at-least-once delivery with Idempotency-Key and backoff (issue 5)."""
