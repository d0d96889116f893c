"""Monitoring in the app, wired once: what ``softphone/app.py`` builds after login.

    monitor = MonitorService(hub, send_engine=engine_link.send, worker=commands_worker,
                             base_url=server_url, token_provider=lambda: token, verify=server_verify)
    monitor.configure(provisioning.raw, account_id="a1")   # after each login/provisioning
    ...
    if monitor.accepts(command): monitor.submit(command)   # StartMonitor, SwitchMonitorMode, LeaveMonitor, RefreshBoard
    monitor.owns_call(call_id)                              # the supervisor's monitor call: no call log/wrap-up

Agent side: ``configure`` sends ``ConfigureMonitor`` (the server's key, this agent) to the
engine, and again after every ``EngineRestarted`` (a new engine process knows nothing).
Supervisor side (role supervisor or admin): a ``SupervisorConsole`` whose commands run on
``worker`` (HTTP) and which sees every engine event through the hub.
Nothing here blocks the caller: ``submit`` queues on the worker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from softphone.domain.events import CommandFailed, EngineRestarted
from softphone.domain.hub import EventHub, Worker
from softphone.domain.messages import Command, EngineCommand, Event
from softphone.domain.monitor import (
    ConfigureMonitor,
    LeaveMonitor,
    MonitorPolicy,
    RefreshBoard,
    StartMonitor,
    SwitchMonitorMode,
)
from softphone.supervise.client import MonitorClient
from softphone.supervise.console import SupervisorConsole

log = logging.getLogger(__name__)
SUPERVISOR_ROLES = ("supervisor", "admin")
_COMMANDS = (StartMonitor, SwitchMonitorMode, LeaveMonitor, RefreshBoard)


class MonitorService:
    def __init__(self, hub: EventHub, *, send_engine: Callable[[EngineCommand], None], worker: Worker,
                 base_url: str, token_provider: Callable[[], str | None], verify: bool | str = True,
                 client: MonitorClient | None = None) -> None:
        self.hub = hub
        self.send_engine = send_engine
        self.worker = worker
        self.client = client or MonitorClient(base_url, lambda: token_provider() or "", verify=verify)
        self.policy = MonitorPolicy()
        self.console: SupervisorConsole | None = None
        self._agent_command: ConfigureMonitor | None = None
        self._lock = threading.Lock()
        hub.subscribe(self._on_event, name="monitor-service")

    def configure(self, provisioning: dict[str, Any], account_id: str) -> None:
        """Apply provisioning (call after each login): agent side always, supervisor side by role."""
        user = provisioning.get("user")
        user = user if isinstance(user, dict) else {}
        username, role = str(user.get("username") or ""), str(user.get("role") or "agent")
        self.policy = MonitorPolicy.from_provisioning(provisioning)
        command = self.policy.configure_agent(username) or ConfigureMonitor(agent="", server_public_key_pem="")
        with self._lock:
            self._agent_command = command
            self.console = SupervisorConsole(client=self.client, send=self.send_engine, publish=self.hub.publish,
                                             account_id=account_id, supervisor=username, policy=self.policy) \
                if role in SUPERVISOR_ROLES and account_id else None
        self.send_engine(command)

    def accepts(self, command: Command) -> bool:
        return isinstance(command, _COMMANDS)

    def submit(self, command: Command) -> None:
        """Queue a monitor command on the worker (HTTP to the server, then engine commands)."""
        self.worker.submit(lambda: self._handle(command))

    def owns_call(self, call_id: str) -> bool:
        console = self.console
        return console is not None and console.owns_call(call_id)

    def _handle(self, command: Command) -> None:
        console = self.console
        if console is None:
            self.hub.publish(CommandFailed(command=type(command).__name__,
                                           reason="monitoring needs the supervisor role and a SIP account"))
            return
        console.handle(command)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, EngineRestarted):
            with self._lock:
                command = self._agent_command
            if command is not None:
                self.send_engine(command)
            return
        console = self.console
        if console is not None:
            console.on_event(event)
