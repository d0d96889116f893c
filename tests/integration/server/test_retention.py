"""Idempotency keys are kept for the retention period (at least 30 days) and purged after."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from server.config import Settings
from server.db import Database, migrate
from server.idempotency import purge_expired
from server.models import IdempotencyKey, User
from server.timeutil import utcnow


def test_keys_younger_than_the_retention_survive_a_purge(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.db'}"
    migrate(url)
    db = Database(url)
    retention = Settings(database_url=url, data_dir=tmp_path).idempotency_retention_days
    assert retention >= 30
    try:
        with db.writing() as session:
            user = User(username="u", role="agent", password_hash="x")
            session.add(user)
            session.flush()
            for name, age_days in (("fresh", 0), ("month", 30), ("old", retention + 1)):
                session.add(IdempotencyKey(user_id=user.id, key=name, kind="note", request_hash="h", status_code=201,
                                           response_body="{}", created_at=utcnow() - timedelta(days=age_days)))
        assert purge_expired(db, retention) == 1
        with db.reading() as session:
            assert sorted(session.scalars(select(IdempotencyKey.key))) == ["fresh", "month"]
    finally:
        db.dispose()
