"""SQLAlchemy models and repositories on SQLite: call log, dispositions, notes, outbox (issue 5)."""
