"""``gui_event_lag_ms_p99``: GUI event-loop lag while events stream in at call rates.

Offscreen, the real main window and Qt bridge with the in-memory core: one answered call
with its card, customer card and live meters. A publisher thread (standing in for the
engine link and the app's workers) sends audio levels at 50 Hz, DTMF, hold/resume, sync
status and registration refreshes. A 5 ms heartbeat timer on the GUI thread measures how
late the event loop runs it (lag = actual interval - 5 ms). Also reported: the p99 time
from ``publish()`` on the worker thread to the handler running on the GUI thread.
"""

from __future__ import annotations

import os
import statistics
import threading
import time
from collections.abc import Iterator

from bench.common import Result

METRICS = ("gui_event_lag_ms_p99",)
HEARTBEAT_MS = 5


def _p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def run(quick: bool) -> Iterator[Result]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from softphone.domain.app_events import (
        AgentStateChanged,
        CustomerFound,
        CustomerMatch,
        OutboxStatusChanged,
    )
    from softphone.domain.events import (
        CallAnswered,
        CallHeld,
        CallResumed,
        DtmfReceived,
        IncomingCallRang,
        RegistrationChanged,
    )
    from softphone.domain.messages import Event
    from softphone.domain.ui_commands import AudioLevels
    from softphone.domain.values import AgentState, Direction, RegistrationState, RemoteIdentity
    from ui.bridge import QtBridge
    from ui.fake_core import FakeCore
    from ui.main_window import MainWindow
    from ui.resources import stylesheet

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    app.setStyleSheet(stylesheet())
    core = FakeCore()
    bridge = QtBridge(core.hub, core.wrap_up_seconds)
    window = MainWindow(core, bridge)
    window.resize(1200, 760)
    window.show()
    bridge.attach()
    remote = RemoteIdentity(uri="sip:+302101234567@pbx", display_name="Maria Papadopoulou", user="+302101234567")
    for event in (RegistrationChanged(account_id="main", state=RegistrationState.REGISTERED),
                  IncomingCallRang(call_id="c1", account_id="main", remote=remote),
                  CustomerFound(call_id="c1", matches=(CustomerMatch("c-42", "Maria Papadopoulou", "Acme"),)),
                  CallAnswered(call_id="c1", direction=Direction.INBOUND),
                  AgentStateChanged(state=AgentState.ON_CALL, call_id="c1")):
        core.hub.publish(event)

    delivery_ms: list[float] = []
    sent_at: dict[int, float] = {}

    def on_event(event: Event) -> None:
        started = sent_at.pop(id(event), None)
        if started is not None:
            delivery_ms.append((time.perf_counter() - started) * 1000)

    bridge.event_received.connect(on_event, Qt.ConnectionType.DirectConnection)
    bridge.levels_changed.connect(lambda _m, _s: None)

    duration_s = 1.5 if quick else 10.0
    stop = threading.Event()

    def publish(event: Event) -> None:
        sent_at[id(event)] = time.perf_counter()
        core.hub.publish(event)

    def publisher() -> None:
        tick = 0
        while not stop.is_set():
            tick += 1
            level = (tick % 50) / 50
            core.hub.publish(AudioLevels(microphone=level, speaker=1 - level, call_id="c1"))  # 50 Hz meters
            if tick % 10 == 0:
                publish(DtmfReceived(call_id="c1", digit=str(tick % 10)))
            if tick % 100 == 0:
                publish(CallHeld(call_id="c1") if tick % 200 else CallResumed(call_id="c1"))
            if tick % 50 == 0:
                publish(OutboxStatusChanged(pending=tick % 7, dead_letters=0))
            if tick % 250 == 0:
                publish(RegistrationChanged(account_id="main", state=RegistrationState.REGISTERED, expires_s=300))
            time.sleep(0.02)

    lags: list[float] = []
    clock = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
    heartbeat.setInterval(HEARTBEAT_MS)
    last = [0]

    def beat() -> None:
        now = clock.nsecsElapsed()
        if last[0]:
            lags.append(max(0.0, (now - last[0]) / 1e6 - HEARTBEAT_MS))
        last[0] = now

    heartbeat.timeout.connect(beat)
    worker = threading.Thread(target=publisher, name="engine-link", daemon=True)
    QTimer.singleShot(int(duration_s * 1000), app.quit)
    cpu_before = time.process_time()
    clock.start()
    heartbeat.start()
    worker.start()
    app.exec()
    cpu_s = time.process_time() - cpu_before
    stop.set()
    worker.join(2)
    heartbeat.stop()
    bridge.detach()
    window.close()
    window.deleteLater()
    app.processEvents()
    extra: dict[str, object] = {
        "lag_ms_median": round(statistics.median(lags), 3) if lags else None,
        "lag_ms_max": round(max(lags), 3) if lags else None,
        "delivery_ms_p99": round(_p99(delivery_ms), 3) if delivery_ms else None,
        "events": len(delivery_ms), "duration_s": duration_s, "goal_ms": 16,
        # the app's own CPU use, and how busy the machine was (lag on a shared 2-core box is mostly waiting)
        "cpu_s": round(cpu_s, 3), "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    yield Result("gui_event_lag_ms_p99", _p99(lags) if lags else float("nan"), "ms", len(lags), extra)
