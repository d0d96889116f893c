"""The supervisor's side of monitoring, in the app process: board, start, switch mode, leave.

    console = SupervisorConsole(client=MonitorClient(...), send=engine_link.send, publish=hub.publish,
                                account_id="sup", supervisor="sup7", policy=MonitorPolicy.from_provisioning(raw))
    hub.subscribe(console.on_event, ...)            # engine events: the monitor call's media and end
    console.handle(StartMonitor(agent="agent7", mode=MonitorMode.WHISPER))   # on a worker thread (HTTP)

Peer-bridge (``policy.method == "peer_bridge"``): a grant from the server, then a call to the
agent's extension with the grant in ``policy.grant_header``; a mode switch is a new grant
sent in a re-INVITE (``RenewMonitorGrant``); leaving hangs up.
PBX (``"pbx"``): the grant request still authorizes and audits the attempt and gives the
agent's extension; the mode's feature code is dialed and switches are DTMF or a redial
(``softphone.domain.monitor.pbx_plan``/``pbx_switch``).

Events: ``MonitorJoined(side="supervisor")`` when the supervisor's call has media (they hear
the call), ``MonitorModeChanged``, ``MonitorLeft``, ``MonitorRefused`` (the server said no,
or the agent's phone answered 403), ``BoardUpdated``/``BoardFailed``.
``handle`` blocks on HTTP: run it on an app worker, never the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.messages import Command, EngineCommand, Event
from softphone.domain.monitor import (
    BoardFailed,
    BoardUpdated,
    LeaveMonitor,
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    MonitorPolicy,
    MonitorRefused,
    PbxStep,
    RefreshBoard,
    RenewMonitorGrant,
    StartMonitor,
    SwitchMonitorMode,
    pbx_plan,
    pbx_switch,
)
from softphone.domain.values import MonitorMode
from softphone.supervise.client import IssuedGrant, MonitorClient, MonitorClientError

log = logging.getLogger(__name__)


@dataclass
class MonitorSession:
    session_id: str
    agent: str
    extension: str
    mode: MonitorMode
    method: str
    customer_call_id: str
    call_id: str  # the supervisor's SIP call now (a PBX redial makes a new one)
    joined: bool = False
    leaving: bool = False
    pending_dtmf: str = ""
    started: float = field(default_factory=time.monotonic)


class SupervisorConsole:
    def __init__(self, *, client: MonitorClient, send: Callable[[EngineCommand], None],
                 publish: Callable[[Event], None], account_id: str, supervisor: str, policy: MonitorPolicy) -> None:
        self.client = client
        self.send = send
        self.publish = publish
        self.account_id = account_id
        self.supervisor = supervisor
        self.policy = policy
        self.sessions: dict[str, MonitorSession] = {}
        self._lock = threading.RLock()

    # ---- commands (app worker thread) ---------------------------------------------------------------
    def handle(self, command: Command) -> bool:
        if isinstance(command, StartMonitor):
            self.start(command.agent, command.mode, command.call_id)
        elif isinstance(command, SwitchMonitorMode):
            self.switch(command.session_id, command.mode)
        elif isinstance(command, LeaveMonitor):
            self.leave(command.session_id)
        elif isinstance(command, RefreshBoard):
            self.refresh_board()
        else:
            return False
        return True

    def refresh_board(self) -> None:
        try:
            self.publish(BoardUpdated(agents=self.client.board()))
        except MonitorClientError as exc:
            self.publish(BoardFailed(reason=str(exc)))

    def start(self, agent: str, mode: MonitorMode, call_id: str | None = None) -> MonitorSession | None:
        grant = self._grant(agent, mode, call_id, session_id="")
        if grant is None:
            return None
        session = MonitorSession(session_id=str(uuid.uuid4()), agent=agent, extension=grant.extension or agent,
                                 mode=mode, method=self.policy.method, customer_call_id=grant.call_id,
                                 call_id=str(uuid.uuid4()))
        with self._lock:
            self.sessions[session.session_id] = session
        try:
            if session.method == "pbx":
                step = pbx_plan(self.policy.templates, mode, grant.extension)
                session.pending_dtmf = step.dtmf
                self.send(c.Dial(account_id=self.account_id, target=step.dial, call_id=session.call_id))
            else:
                self.send(c.Dial(account_id=self.account_id, target=session.extension, call_id=session.call_id,
                                 headers=((grant.header, grant.token),)))
        except ValueError as exc:  # no feature code for this mode, bad extension
            self._drop(session, refused=str(exc))
            return None
        if mode is MonitorMode.LISTEN:  # listen silently: our microphone stays home too
            self.send(c.Mute(call_id=session.call_id, muted=True))
        return session

    def switch(self, session_id: str, mode: MonitorMode) -> None:
        session = self.sessions.get(session_id)
        if session is None or session.leaving or mode is session.mode:
            return
        grant = self._grant(session.agent, mode, session.customer_call_id, session_id=session_id)
        if grant is None:
            return
        call_before = session.call_id
        if session.method == "pbx":
            try:
                step = pbx_switch(self.policy.templates, session.mode, mode, session.extension)
            except ValueError as exc:
                self.publish(MonitorRefused(side="supervisor", reason=str(exc), agent=session.agent,
                                            session_id=session_id))
                return
            self._pbx_step(session, step)
        else:
            self.send(RenewMonitorGrant(call_id=session.call_id, grant=grant.token, grant_header=grant.header))
        was_muted = session.mode is MonitorMode.LISTEN and session.call_id == call_before
        if was_muted != (mode is MonitorMode.LISTEN):
            self.send(c.Mute(call_id=session.call_id, muted=mode is MonitorMode.LISTEN))
        session.mode = mode
        self.publish(MonitorModeChanged(session_id=session_id, side="supervisor", mode=mode))

    def leave(self, session_id: str) -> None:
        session = self.sessions.get(session_id)
        if session is None:
            return
        session.leaving = True
        self.send(c.Hangup(call_id=session.call_id))

    def owns_call(self, call_id: str) -> bool:
        """A SIP call of a monitor session: the app keeps it out of the call log, wrap-up and agent state."""
        with self._lock:
            return any(s.call_id == call_id for s in self.sessions.values())

    # ---- engine events (any thread) ------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        call_id = getattr(event, "call_id", None)
        with self._lock:
            session = next((s for s in self.sessions.values() if s.call_id == call_id), None)
        if session is None:
            return
        if isinstance(event, ev.CallMediaChanged) and event.active:
            if session.pending_dtmf:
                digits, session.pending_dtmf = session.pending_dtmf, ""
                self.send(c.SendDtmf(call_id=session.call_id, digits=digits))
            if not session.joined:
                session.joined = True
                log.info("monitoring %s (%s) joined in %.0f ms", session.agent, session.mode.value,
                         (time.monotonic() - session.started) * 1000)
                self.publish(MonitorJoined(session_id=session.session_id, side="supervisor", agent=session.agent,
                                           supervisor=self.supervisor, mode=session.mode,
                                           customer_call_id=session.customer_call_id, method=session.method))
        elif isinstance(event, ev.CallEnded):
            if session.joined or session.leaving:
                reason = "left" if session.leaving else (event.reason_text or "the monitored call ended")
                self._drop(session, left=reason)
            else:
                refused = "the agent's phone refused the grant" if event.code == 403 else \
                    f"the agent's phone could not be reached ({event.code} {event.reason_text})".strip()
                self._drop(session, refused=refused)

    # ---- internals ------------------------------------------------------------------------------------
    def _grant(self, agent: str, mode: MonitorMode, call_id: str | None, session_id: str) -> IssuedGrant | None:
        try:
            return self.client.request_grant(agent, mode, call_id)
        except MonitorClientError as exc:
            self.publish(MonitorRefused(side="supervisor", reason=str(exc), supervisor=self.supervisor,
                                        agent=agent, session_id=session_id))
            return None

    def _pbx_step(self, session: MonitorSession, step: PbxStep) -> None:
        if step.hangup_first:
            old = session.call_id
            session.call_id = str(uuid.uuid4())  # the old call's end is not the session's end
            self.send(c.Hangup(call_id=old))
        if step.dial:
            session.pending_dtmf = step.dtmf
            self.send(c.Dial(account_id=self.account_id, target=step.dial, call_id=session.call_id))
        elif step.dtmf:
            self.send(c.SendDtmf(call_id=session.call_id, digits=step.dtmf))

    def _drop(self, session: MonitorSession, *, left: str = "", refused: str = "") -> None:
        with self._lock:
            self.sessions.pop(session.session_id, None)
        if refused:
            self.publish(MonitorRefused(side="supervisor", reason=refused, supervisor=self.supervisor,
                                        agent=session.agent, session_id=session.session_id))
        else:
            self.publish(MonitorLeft(session_id=session.session_id, side="supervisor", reason=left))
