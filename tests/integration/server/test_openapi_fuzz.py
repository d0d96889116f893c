"""Property test against the published OpenAPI spec: whatever arrives, no 500s and every
error is JSON with a string ``detail`` (a hypothesis walk over every operation, kept short)."""

from __future__ import annotations

import tempfile
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.app import create_app
from server.config import load_settings
from tests.integration.server.live import LiveServer
from tests.integration.server.openapi_strategies import SchemaStrategies

# logout would end the token the walk uses
SKIPPED = {("post", "/api/v1/auth/logout")}


def _operations() -> list[tuple[str, str]]:
    """Every operation of the spec, read from the code at collection time (no server needed)."""
    with tempfile.TemporaryDirectory() as directory:
        spec = create_app(load_settings(data_dir=directory)).openapi()
    return [(method, path) for path, item in spec["paths"].items() for method in item
            if (method, path) not in SKIPPED]


@pytest.fixture(scope="module")
def fuzz_target(live_sqlite: LiveServer) -> tuple[LiveServer, SchemaStrategies, dict[str, str]]:
    live_sqlite.add_user("fuzz-agent", teams=["fuzz"], extension="1999")
    tokens = {"admin": live_sqlite.login("admin"), "agent": live_sqlite.login("fuzz-agent")}
    spec = httpx.get(live_sqlite.url + "/api/v1/openapi.json").json()
    return live_sqlite, SchemaStrategies(spec), tokens


@pytest.mark.parametrize(("method", "path"), _operations())
def test_no_operation_answers_500(fuzz_target: tuple[LiveServer, SchemaStrategies, dict[str, str]], method: str,
                                  path: str) -> None:
    live, strategies, tokens = fuzz_target
    operation = strategies.spec["paths"][path][method]

    @settings(max_examples=12, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(request=strategies.request(path, method, operation), who=st.sampled_from(["admin", "agent"]))
    def check(request: dict[str, Any], who: str) -> None:
        headers = {"Authorization": f"Bearer {tokens[who]}", **request["headers"]}
        response = httpx.request(method.upper(), live.url + request["path"], params=request["query"],
                                 headers=headers, json=request["body"], timeout=30)
        assert response.status_code < 500, (request, response.text)
        if response.status_code >= 400:
            assert isinstance(response.json()["detail"], str), response.text

    check()
