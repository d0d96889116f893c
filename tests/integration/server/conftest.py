"""The real server on SQLite and on a real PostgreSQL cluster the suite starts itself."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.server.live import LiveServer, live_server  # noqa: F401 (a fixture for these tests too)
from tests.integration.server.pg import TempPostgres

BACKENDS = ("sqlite", "postgres")


@pytest.fixture(scope="session")
def postgres() -> Iterator[TempPostgres]:
    with TempPostgres() as cluster:
        yield cluster


def _start(backend: str, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> LiveServer:
    data_dir: Path = tmp_path_factory.mktemp(f"server-{backend}")
    url = request.getfixturevalue("postgres").url if backend == "postgres" else None
    server = LiveServer(data_dir, url)
    server.add_user("admin", role="admin")
    return server.start()


@pytest.fixture(scope="session", params=BACKENDS)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One server per backend for the whole session; tests keep apart by unique names."""
    server = _start(request.param, request, tmp_path_factory)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture(scope="session")
def live_sqlite(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    server = _start("sqlite", request, tmp_path_factory)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def unique() -> Callable[[str], str]:
    """``unique("agent")`` -> ``agent-1a2b3c4d``: names that no other test uses."""
    return lambda prefix: f"{prefix}-{uuid.uuid4().hex[:8]}"
