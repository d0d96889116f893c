"""``softphone demo``: the whole product at work in well under a minute, on one machine.

Starts the reference server (embedded SQLite, seeded customers), the app's core registered
as a peer-to-peer "local" account (no registrar needed) and a simulated customer (our engine
in a child process) that calls in, speaks a recorded WAV from resources/ and sends DTMF.
The phone rings, the card pops, the call is answered, the agent hears the customer, hangs
up, wraps up, and the disposition syncs to the server. Headless (no display, or
``--headless``): everything is automatic and each step is printed with its timing, exit 0.
Everything it starts, it stops (even on failure).
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import wave
import webbrowser
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import keyring

from softphone.audio.levels import rms
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.app_events import (
    CustomerFound,
    CustomerLookupFailed,
    CustomerNotFound,
    DispositionSaved,
    OutboxStatusChanged,
)
from softphone.domain.hub import EventRecorder
from softphone.domain.messages import Event
from softphone.domain.values import AccountSettings, Secret
from softphone.domain.views import UiSettings
from softphone.engine.config import AudioSpec, EngineConfig
from softphone.engine.link import EngineLink
from softphone.secrets import MemoryKeyring

RESOURCES = Path(__file__).resolve().parent.parent / "resources" / "demo"
CUSTOMER_NUMBER = "+302101234567"
CUSTOMER_NAME = "Μαρία Παπαδοπούλου (Maria Papadopoulou)"
SERVER_PASSWORD = "demo-password-1"  # a throwaway password for the throwaway demo server


class DemoError(RuntimeError):
    pass


class Steps:
    def __init__(self, out: Callable[[str], None]) -> None:
        self.out = out
        self.started = time.monotonic()
        self.last = self.started

    def say(self, text: str) -> None:
        now = time.monotonic()
        self.out(f"[{now - self.started:6.2f} s | +{(now - self.last) * 1000:6.0f} ms] {text}")
        self.last = now


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _http(method: str, url: str, body: dict[str, Any] | None = None, token: str = "") -> Any:
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Content-Type": "application/json",
                                              **({"Authorization": f"Bearer {token}"} if token else {})})
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback demo server
        return json.loads(response.read() or b"null")


class DemoServer:
    """The reference server on an embedded SQLite database, prepared on a thread of its own
    (schema, seed, start) while the rest of the demo starts."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{free_port()}"
        self.process: subprocess.Popen[bytes] | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._prepare, name="demo-server", daemon=True)
        self._thread.start()

    def _prepare(self) -> None:
        try:
            base = [sys.executable, "-m", "server.cli", "--data-dir", str(self.workdir / "server")]
            env = {**os.environ, "SOFTPHONE_SERVER_PASSWORD_PROFILE": "cheapest"}
            subprocess.run([*base, "seed", "--customers", "500", "--password", SERVER_PASSWORD], check=True,
                           capture_output=True, env=env)
            port = self.url.rsplit(":", 1)[1]
            with (self.workdir / "server.log").open("wb") as log:
                self.process = subprocess.Popen(
                    [*base, "serve", "--host", "127.0.0.1", "--port", port, "--log-level", "warning"],
                    stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            deadline = time.monotonic() + 30
            while True:
                try:
                    _http("GET", f"{self.url}/api/v1/health")
                    return
                except (urllib.error.URLError, ConnectionError):
                    if self.process.poll() is not None or time.monotonic() > deadline:
                        raise DemoError(f"the demo server did not start (see {self.workdir / 'server.log'})") from None
                    time.sleep(0.1)
        except BaseException as exc:
            self.error = exc

    def wait(self) -> str:
        self._thread.join(60)
        if self.error is not None:
            raise DemoError(f"the demo server failed: {self.error}") from self.error
        return self.url

    def stop(self) -> None:
        self._thread.join(60)
        if self.process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, 15)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(10)


def speech_level(path: Path) -> float:
    """RMS of what the agent heard (0..1): the customer's voice, not silence."""
    deadline = time.monotonic() + 3
    while True:
        try:
            with wave.open(str(path), "rb") as wav:
                data = array("h", wav.readframes(wav.getnframes()))
            break
        except (wave.Error, EOFError, FileNotFoundError):
            if time.monotonic() > deadline:
                return 0.0
            time.sleep(0.05)
    if sys.byteorder == "big":  # WAV is little-endian
        data.byteswap()
    return rms(data)


class DemoWorld:
    """Everything the demo runs: server, the app's core (p2p account), the simulated customer.

    ``with DemoWorld(headless) as world:`` starts it all (the server on a thread while the
    engines start) and stops it all on the way out, even on failure."""

    def __init__(self, headless: bool, out: Callable[[str], None] = print) -> None:
        self.headless = headless
        self.steps = Steps(out)
        self._tmp = tempfile.TemporaryDirectory(prefix="softphone-demo-")
        self.workdir = Path(self._tmp.name)
        self.record_dir = self.workdir / "agent-heard"
        self.events = EventRecorder()
        self.customer_events = EventRecorder()
        self.core: Any = None
        self.customer: EngineLink | None = None
        self.server: DemoServer | None = None
        self.url = ""
        self.agent_contact = ""

    def __enter__(self) -> DemoWorld:
        try:
            self._start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _start(self) -> None:
        from softphone.app import Core, CoreOptions

        os.environ["SOFTPHONE_HOME"] = str(self.workdir / "home")  # the demo never touches the user's data
        keyring.set_keyring(MemoryKeyring())  # throwaway credentials, kept in memory only
        self.server = DemoServer(self.workdir)
        audio = AudioSpec(kind="file", record_dir=self.record_dir) if self.headless else AudioSpec(kind="auto")
        self.core = Core(CoreOptions(audio=audio, open_url=None if self.headless else webbrowser.open)).start()
        self.core.hub.subscribe(self.events)
        self.steps.say("app core started (media engine process spawned)")
        port = free_port()
        agent = AccountSettings(account_id="demo", username="agent1", domain=f"127.0.0.1:{port}",
                                display_name="Demo Agent", local_port=port, bind_address="127.0.0.1",
                                reject_non_registrar=False)
        self.core.save_account(agent, None)
        local = self.events.wait_for(ev.RegistrationChanged, lambda e: e.account_id == "demo")
        self.agent_contact = local.contact
        self.steps.say(f"agent ready for direct calls at {local.contact}")
        self.customer = EngineLink(self.customer_events, EngineConfig(
            audio=AudioSpec(kind="file", wav=RESOURCES / "customer.wav")))
        self.customer.start()
        cport = free_port()
        self.customer.send(c.ConfigureAccount(settings=AccountSettings(
            account_id="customer", username=CUSTOMER_NUMBER, domain=f"127.0.0.1:{cport}",
            display_name=CUSTOMER_NAME, local_port=cport, bind_address="127.0.0.1")))
        self.customer_events.wait_for(ev.RegistrationChanged)
        self.steps.say("simulated customer ready (our engine in a child process, speaking a WAV)")
        self.url = self.server.wait()
        self.steps.say(f"central server up at {self.url} (SQLite, 500 seeded customers)")
        token = _http("POST", f"{self.url}/api/v1/auth/login", {"username": "admin", "password": SERVER_PASSWORD})
        _http("POST", f"{self.url}/api/v1/customers", {"name": CUSTOMER_NAME, "company": "Acme Hellas",
                                                       "tier": "gold", "language": "el",
                                                       "phones": [{"number": CUSTOMER_NUMBER}]},
              token["access_token"])
        self.core.save_settings(UiSettings(server_url=self.url, server_username="agent1"),
                                server_password=Secret(SERVER_PASSWORD))
        self.events.wait_for(OutboxStatusChanged, timeout=15)  # logged in: provisioning, screen-pop, sync up

    def customer_calls(self) -> ev.IncomingCallRang:
        assert self.customer is not None
        self.customer.send(c.Dial(account_id="customer", target=self.agent_contact, call_id="demo-customer-leg"))
        rang = self.events.wait_for(ev.IncomingCallRang, timeout=10)
        self.steps.say(f"phone rings: {rang.remote.display_name} <{rang.remote.user}>")
        return rang

    def customer_presses(self, digits: str) -> None:
        assert self.customer is not None
        self.customer.send(c.SendDtmf(call_id="demo-customer-leg", digits=digits))

    def close(self) -> None:
        if self.customer is not None:
            self.customer.stop()
            self.customer = None
        if self.core is not None:
            self.core.stop()
            self.core = None
        if self.server is not None:
            self.server.stop()
            self.server = None
        self._tmp.cleanup()


def run(headless: bool = True, out: Callable[[str], None] = print, talk_s: float = 3.0) -> int:
    """The headless scenario: everything automatic, each step printed with its timing."""
    with DemoWorld(headless=True, out=out) as world:
        core, events, steps = world.core, world.events, world.steps
        rang = world.customer_calls()
        card = _wait_card(events, rang.call_id)
        steps.say(f"customer card: {card}")
        core.send(c.Answer(call_id=rang.call_id))
        events.wait_for(ev.CallAnswered, lambda e: e.call_id == rang.call_id)
        steps.say("answered")
        time.sleep(talk_s / 2)
        world.customer_presses("1")
        digit = events.wait_for(ev.DtmfReceived, timeout=5)
        steps.say(f"customer pressed {digit.digit} ({digit.method.value})")
        time.sleep(talk_s / 2)
        core.send(c.Hangup(call_id=rang.call_id))
        ended = events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id)
        steps.say(f"hung up after {ended.duration_s:.1f} s of talk")
        level = speech_level(world.record_dir / f"{rang.call_id}.wav")
        if level < 0.01:
            raise DemoError(f"the agent heard silence (RMS {level:.4f})")
        steps.say(f"the agent heard the customer (speech RMS {level:.3f})")
        code = core.disposition_catalog()[0].code
        core.send(c.SaveDisposition(call_id=rang.call_id, code=code,
                                    notes="Order 4711 not delivered; promised a call back tomorrow."))
        events.wait_for(DispositionSaved, lambda e: e.call_id == rang.call_id)
        steps.say(f"wrap-up: disposition {code!r} saved locally (store + outbox, one transaction)")
        _wait_server(world.url, rang.call_id)
        steps.say("disposition synced: the server has it, with the interaction")
    world.steps.say("everything stopped; demo OK")
    del headless
    return 0


def interactive_script(world: DemoWorld, first_ring_after_s: float = 2.0) -> None:
    """With a display the agent drives: the customer calls, the agent answers, talks, hangs up and
    wraps up in the window; this thread reports what happens (the window's closing ends the demo)."""
    time.sleep(first_ring_after_s)
    rang = world.customer_calls()
    world.steps.say("answer it in the window (or press the answer shortcut)")
    world.events.wait_for(ev.CallAnswered, lambda e: e.call_id == rang.call_id, timeout=600)
    world.steps.say("answered: the customer is speaking in your speaker/headset")
    time.sleep(3.0)
    world.customer_presses("1")
    world.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id, timeout=3600)
    world.steps.say("call ended: choose a disposition, type notes and Save in the wrap-up panel")
    world.events.wait_for(DispositionSaved, lambda e: e.call_id == rang.call_id, timeout=3600)
    _wait_server(world.url, rang.call_id)
    world.steps.say("disposition synced to the server. Close the window to end the demo.")


def _wait_card(events: EventRecorder, call_id: str, timeout: float = 3.0) -> str:
    def relevant(event: Event) -> bool:
        return getattr(event, "call_id", None) == call_id

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for event in events.events:
            if isinstance(event, CustomerFound) and relevant(event):
                return ", ".join(f"{m.name} ({m.company})" for m in event.matches)
            if isinstance(event, CustomerNotFound) and relevant(event):
                return "not found - create customer"
            if isinstance(event, CustomerLookupFailed) and relevant(event):
                return f"lookup failed: {event.reason}"
        time.sleep(0.02)
    return "no screen-pop service answered"


def _wait_server(url: str, call_id: str, timeout: float = 20.0) -> None:
    token = _http("POST", f"{url}/api/v1/auth/login", {"username": "agent1", "password": SERVER_PASSWORD})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = _http("GET", f"{url}/api/v1/dispositions?call_id={call_id}", token=token["access_token"])
        items = rows.get("items", rows) if isinstance(rows, dict) else rows
        if items:
            if len(items) != 1:
                raise DemoError(f"the server holds {len(items)} copies of the disposition")
            return
        time.sleep(0.2)
    raise DemoError("the disposition did not reach the server")
