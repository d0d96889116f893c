from __future__ import annotations

import os
import threading

from softphone.audio.priority import ThreadRegistry, promote


def test_threads_are_registered_once_and_promoted_once() -> None:
    registry = ThreadRegistry()

    def audio_thread() -> None:
        for _ in range(3):
            registry.seen("portaudio-out")

    worker = threading.Thread(target=audio_thread)
    worker.start()
    worker.join()
    registry.seen("engine")
    registry.promote_new()
    assert set(registry.result) == {"portaudio-out", "engine"}
    assert set(registry.result.values()) <= {"realtime", "nice", "normal"}
    before = dict(registry.result)
    registry.promote_new()
    assert registry.result == before


def test_promotion_says_what_it_got_and_root_gets_real_time() -> None:
    outcome: list[str] = []
    worker = threading.Thread(target=lambda: outcome.append(promote(threading.get_native_id())))
    worker.start()
    worker.join()
    assert outcome[0] in {"realtime", "nice", "normal"}
    if os.geteuid() == 0:
        assert outcome[0] == "realtime"
