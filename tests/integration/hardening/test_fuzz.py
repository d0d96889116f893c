"""A bounded fuzz run (hypothesis) of mutated RFC 4475 messages against the engine in a call.

Saved crash inputs (tests/torture/regressions/*.bin) are replayed first. A crash during the run
saves the last inputs there and fails. SOFTPHONE_FUZZ_S sets the budget (default 20 s; above
about 90 s also pass pytest --timeout: the suite's default is 120 s). ``python -m bench
torture_msgs_per_s`` is the long run.
"""

from __future__ import annotations

import os
import time

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.integration.hardening.fuzzing import Feeder, transport_of
from tests.integration.hardening.rig import TortureRig
from tests.integration.hardening.test_rfc4475 import STALL_LIMIT_S, assert_healthy
from tests.support.torture import OptionsWatcher
from tests.torture.corpus import load_all, regressions

pytestmark = [pytest.mark.integration, pytest.mark.fuzz]
BUDGET_S = float(os.environ.get("SOFTPHONE_FUZZ_S", "20"))


def test_fuzz_mutated_messages_for_a_bounded_time(rig: TortureRig) -> None:
    bases = [m.data for m in load_all()]
    before = rig.stats()
    feeder = Feeder(rig.udp_port, rig.tcp_port, rig.peer.link.alive.__bool__)
    deadline = time.monotonic() + BUDGET_S
    crashed: list[str] = []

    @settings(max_examples=300, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(base=st.sampled_from(bases), seed=st.integers(0, 2**32 - 1), rounds=st.integers(1, 4),
           tcp=st.integers(0, 9))
    def feed(base: bytes, seed: int, rounds: int, tcp: int) -> None:
        if crashed or time.monotonic() > deadline:
            return
        feeder.send(feeder.mutated(base, seed, rounds), "tcp" if tcp == 0 else "udp")
        if not rig.peer.link.alive:
            crashed.extend(str(p) for p in feeder.save_crash())

    with OptionsWatcher(rig.udp_port, limit_s=STALL_LIMIT_S, control_port=rig.kamailio.port) as watcher:
        for name, data in regressions():
            feeder.send(data, transport_of(name))
        while time.monotonic() < deadline and not crashed:
            feed()  # in rounds of 300 examples: the budget, not max_examples, ends the run
        time.sleep(0.5)
        if not rig.peer.link.alive and not crashed:
            crashed.extend(str(p) for p in feeder.save_crash())
    print(f"fuzz: {feeder.sent} messages in {BUDGET_S:.0f} s; OPTIONS watch: {watcher.report.summary()}")
    assert not crashed, f"the engine died; inputs saved: {crashed}"
    assert_healthy(rig, watcher.report)
    assert feeder.sent > 500
    assert rig.settle(before.calls).calls == before.calls, "Call objects leaked"
