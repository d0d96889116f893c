"""Alembic environment: runs on the connection the store hands over (``config.attributes``).

For development, ``alembic -x url=sqlite:///path.db -c softphone/store/migrations/alembic.ini
revision --autogenerate -m "..."`` works too (it builds its own engine from ``url``).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from softphone.store.models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        transactional_ddl=True,  # SQLite DDL is transactional: a half-applied migration rolls back
        render_as_batch=True,  # SQLite ALTER TABLE is limited; batch mode rebuilds tables
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = context.get_x_argument(as_dictionary=True).get("url") or context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("pass -x url=sqlite:///path/to/softphone.db")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
