"""The torture rig: Kamailio (per module), baresip customer and our engine process per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.hardening.rig import TortureRig
from tests.integration.sip.conftest import CUSTOMER_HZ, kamailio  # noqa: F401
from tests.support.kamailio import Kamailio
from tests.support.tones import write_tone_wav


@pytest.fixture(scope="session")
def long_customer_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # baresip hangs up when its microphone file ends: longer than any torture run
    return write_tone_wav(tmp_path_factory.mktemp("wav") / "customer_long.wav", CUSTOMER_HZ, 240)


@pytest.fixture
def rig(tmp_path: Path, kamailio: Kamailio, long_customer_wav: Path) -> Iterator[TortureRig]:  # noqa: F811
    target = TortureRig(tmp_path, kamailio, long_customer_wav)
    try:
        target.start()
        yield target
    finally:
        target.stop()

