"""The installed PySide6 must not corrupt reference counts when signals are emitted.

PySide6-Essentials 6.12.0 drops a reference to ``True`` on every ``Signal.emit()``; on
CPython 3.11 (where ``True`` is not immortal) the process aborts with "bool_dealloc" after
a few hundred emits, i.e. seconds into a call with live meters. pyproject.toml excludes it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()
    value = Signal(object)


def test_emitting_signals_keeps_the_refcount_of_true(qapp: object) -> None:
    emitter = _Emitter()
    got: list[object] = []
    emitter.value.connect(got.append)
    before = sys.getrefcount(True)
    for _ in range(200):  # well below the ~570 emits that abort the interpreter on the bad version
        emitter.fired.emit()
        emitter.value.emit(1)
    assert len(got) == 200
    assert abs(sys.getrefcount(True) - before) < 50
