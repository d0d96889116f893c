"""No audio at all: calls still connect, and the agent learns what is missing and how to fix it."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.audio_harness import Peer
from tests.integration.audio.callpair import ROOT

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@contextlib.contextmanager
def peers(tmp_path: Path, **env_changes: str) -> Iterator[tuple[Peer, Peer]]:
    env = dict(os.environ)
    env.update(env_changes)
    customer = Peer("customer", ROOT, env=env, tone_hz=600, record_dir=str(tmp_path / "rec"))
    agent = None
    try:
        agent = Peer("agent", ROOT, env=env)
        yield agent, customer
    finally:
        if agent is not None:
            agent.close()
        customer.close()


def _call_connects(agent: Peer, customer: Peer) -> None:
    agent.send("dial", uri=customer.uri)
    agent.wait("media", lambda m: m["active"], timeout=15)
    customer.wait("call", lambda m: m["state"] == "CONFIRMED", timeout=5)
    agent.send("hangup")
    customer.wait("call", lambda m: m["state"] == "DISCONNECTED", timeout=5)


def test_no_sound_server_the_call_connects_and_the_problem_is_named(tmp_path: Path) -> None:
    with peers(tmp_path, PULSE_SERVER=f"unix:{tmp_path}/no-such-socket") as (agent, customer):
        problem = agent.event("AudioProblem")
        assert problem["code"] == "no_server"
        assert "PulseAudio" in problem["reason"] and "pipewire" in problem["fix"].lower()
        since = agent.mark()
        agent.audio("StartMicTest", seconds=1.0)
        assert agent.event("MicTestProgressed", since=since)["phase"] == "failed"
        _call_connects(agent, customer)
    assert agent.proc.returncode == 0 and customer.proc.returncode == 0


def test_no_portaudio_library_the_call_connects_and_the_problem_is_named(tmp_path: Path) -> None:
    # sounddevice raises exactly this when libportaudio is missing; a shim module stands in for it
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "sounddevice.py").write_text("raise OSError('PortAudio library not found')\n")
    with peers(tmp_path, PYTHONPATH=os.pathsep.join([str(shim), str(ROOT)])) as (agent, customer):
        problem = agent.event("AudioProblem")
        assert problem["code"] == "no_portaudio"
        assert "PortAudio library was not found" in problem["reason"] and "libportaudio2" in problem["fix"]
        assert agent.event("AudioDevicesChanged")["devices"] == []
        _call_connects(agent, customer)
    assert agent.proc.returncode == 0


def test_a_sound_server_without_any_device_names_the_missing_microphone(tmp_path: Path) -> None:
    from tests.support.pulse import PulseServer

    empty = PulseServer(tmp_path / "empty")  # no sinks but PulseAudio's dummy output, no sources
    empty.start()
    try:
        with peers(tmp_path, **empty.env) as (agent, customer):
            problem = agent.event("AudioProblem", lambda d: d["code"] == "no_input")
            assert problem["reason"] == "No microphone found." and "headset" in problem["fix"]
            route = agent.event("AudioRouteChanged")["route"]
            assert route["mic"] is None
            _call_connects(agent, customer)
    finally:
        empty.stop()


def test_the_sound_server_dying_mid_call_is_reported_and_audio_comes_back_with_it(tmp_path: Path) -> None:
    import signal
    import time

    from tests.integration.audio.callpair import CUSTOMER_HZ, wait_for_tone
    from tests.support.pulse import PulseServer

    server = PulseServer(tmp_path / "own")  # a private server: this test kills it

    def plug_laptop() -> None:
        server.add_headset("laptop", "Laptop")
        server.set_default_sink("laptop_spk")
        server.set_default_source("laptop_mic")

    server.start()
    plug_laptop()
    try:
        with peers(tmp_path, **server.env) as (agent, customer):
            agent.send("dial", uri=customer.uri)
            agent.wait("media", lambda m: m["active"], timeout=15)
            time.sleep(1.0)
            since = agent.mark()
            assert server.proc is not None
            os.killpg(server.proc.pid, signal.SIGKILL)
            server.proc.wait(5)
            problem = agent.event("AudioProblem", lambda d: d["code"] == "no_server", timeout=5, since=since)
            assert "stopped" in problem["reason"] and "restart" in problem["fix"].lower()
            server.start()  # same socket: the agent finds it again
            plug_laptop()
            t_back = time.monotonic()
            agent.event("AudioProblemCleared", lambda d: d["code"] == "no_server", timeout=10, since=since)
            wait_for_tone(server, "laptop_spk.monitor", CUSTOMER_HZ, t_back, timeout=6.0)
            customer.wait("call", lambda m: m["state"] == "CONFIRMED")  # the call never dropped
            assert not any(m["type"] == "call" and m["state"] == "DISCONNECTED" for m in customer.lines)
    finally:
        server.stop()
