"""Suite-wide settings: Qt offscreen, an isolated SOFTPHONE_HOME per test session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def softphone_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("softphone-home")
    old = os.environ.get("SOFTPHONE_HOME")
    os.environ["SOFTPHONE_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("SOFTPHONE_HOME", None)
    else:
        os.environ["SOFTPHONE_HOME"] = old
