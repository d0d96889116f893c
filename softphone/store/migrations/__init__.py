"""Alembic migrations of the local database, applied by ``softphone.store.schema`` at start-up."""
