"""The fuzz feeder keeps the last inputs and writes them as regression files (no engine needed)."""

from __future__ import annotations

from pathlib import Path

from tests.integration.hardening.fuzzing import Feeder, transport_of
from tests.support.net import free_port


def test_crash_inputs_are_saved_and_replayable(tmp_path: Path) -> None:
    feeder = Feeder(free_port(), free_port(), lambda: True, keep=3)
    for n in range(5):
        feeder.send(b"JUNK %d" % n)
    feeder.recent.append(("tcp", b"last over tcp"))
    saved = feeder.save_crash(tmp_path)
    assert [p.read_bytes() for p in saved] == [b"JUNK 3", b"JUNK 4", b"last over tcp"]
    assert [transport_of(p.name) for p in saved] == ["udp", "udp", "tcp"]
    assert feeder.sent == 5


def test_mutated_is_deterministic_and_bounded() -> None:
    feeder = Feeder(1, 2, lambda: True)
    base = b"OPTIONS sip:a@b SIP/2.0\r\n" + b"X: y\r\n" * 50 + b"\r\n"
    assert feeder.mutated(base, 7, 4) == feeder.mutated(base, 7, 4)
    assert all(len(feeder.mutated(base, seed, 4)) <= 65_000 for seed in range(300))
