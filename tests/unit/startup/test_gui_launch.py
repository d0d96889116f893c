"""`softphone gui`: the media engine starts early for a first instance only; the core before Qt."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

import pytest

import softphone.app
import softphone.engine.early
import ui.app
import ui.instance_probe
from softphone import cli


@dataclass
class Launch:
    early_started: int = 0
    cores: list[object] = field(default_factory=list)
    stopped: int = 0
    order: list[str] = field(default_factory=list)


@pytest.fixture
def launch(monkeypatch: pytest.MonkeyPatch) -> Launch:
    seen = Launch()
    sentinel = object()

    def start_early(*_args: object, **_kwargs: object) -> object:
        seen.early_started += 1
        seen.order.append("engine")
        return sentinel

    class FakeCore:
        def __init__(self, _options: object, *, early: object | None = None) -> None:
            seen.cores.append(early)
            seen.order.append("core")

        def stop(self) -> None:
            seen.stopped += 1

    def build_app(_argv: list[str]) -> None:
        seen.order.append("qt")

    monkeypatch.setattr(softphone.engine.early, "start_early", start_early)
    monkeypatch.setattr(softphone.app, "Core", FakeCore)
    monkeypatch.setattr(ui.app, "build_app", build_app)
    monkeypatch.setattr(ui.app, "run_gui", lambda *_a, **_k: 0)
    seen.cores.append(sentinel)  # cores[0]: the early engine's handle, for the assertions
    return seen


@pytest.mark.parametrize(("running", "early"), [(False, True), (True, False), (None, False)])
def test_the_engine_starts_early_only_for_a_first_instance(launch: Launch, monkeypatch: pytest.MonkeyPatch,
                                                           running: bool | None, early: bool) -> None:
    monkeypatch.setattr(ui.instance_probe, "instance_running", lambda: running)
    assert cli._gui(argparse.Namespace(command="gui")) == 0
    handle, given = launch.cores
    assert launch.early_started == int(early) and (given is handle) is early
    assert launch.order == (["engine"] if early else []) + ["core", "qt"]  # the core before Qt
    assert launch.stopped == 1
