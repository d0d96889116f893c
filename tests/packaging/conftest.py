"""The `package` tests build the frozen app and the .deb and install it in a Debian root:
minutes, so `make test` deselects them (reported as deselected, never skipped) and
`make package-test` runs them (`pytest -m package tests/packaging`)."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = "package" in (config.getoption("markexpr", "") or "") or os.environ.get("SOFTPHONE_PACKAGE_TESTS") == "1"
    if wanted:
        return
    deselected = [item for item in items if item.get_closest_marker("package") is not None]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item.get_closest_marker("package") is None]
