"""Peer-bridge monitoring inside the SIP engine (engine thread only).

Agent side: an INVITE carrying the grant header is a monitor call. ``take_incoming`` verifies
the grant offline and, if it is valid, answers 200 without ringing (no ``IncomingCallRang``,
no ringer) and wires the conference per ``softphone.domain.monitor.routes``. An invalid grant
(missing, forged, expired, replayed, another agent's or another call's) is refused with 403
from the engine loop (never inside ``onIncomingCall``, see TESTING.md): nothing is answered
before that, so no SDP and no audio leave the machine. A mode change arrives as a re-INVITE
with a new grant (same supervisor and call): valid -> rewired; invalid -> the re-INVITE is
rejected and the current mode stays. The session follows the customer call (rules in the
domain module): it ends with it and drops the customer's routes while it is held.

Supervisor side: ``RenewMonitorGrant`` re-INVITEs the monitor call with a new grant header.

Wiring rule (pjmedia 2.15, see ``AudioBackend.disconnect_call``): pjsua removes a call's
conference port with all its connections on media updates and at the end; a ``stopTransmit``
towards a removed port cuts every connection of its source. So a route is only stopped when
both its ports are still the ones we connected (same port ids), and every wanted route is
re-asserted on each media change (``startTransmit`` of an existing connection is a no-op).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from softphone.domain.messages import EngineCommand
from softphone.domain.monitor import (
    ConfigureMonitor,
    CustomerChange,
    MonitorJoined,
    MonitorLeft,
    MonitorModeChanged,
    MonitorRefused,
    Port,
    RenewMonitorGrant,
    Route,
    SessionAction,
    customer_rule,
    routes,
)
from softphone.domain.values import Direction, MonitorMode
from softphone.sip.guard import guarded
from softphone.sip.objects import SipAccount, SipCall
from softphone.sip.sipmsg import header_value, parse_headers, remote_identity
from softphone.supervise.grant import Grant, GrantRefusedError, GrantVerifier
from softphone.supervise.ports import agent_ports

if TYPE_CHECKING:
    from softphone.sip.engine import EngineThread

log = logging.getLogger(__name__)

_LIVE_MEDIA = (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD)


def _op(code: int = 0) -> Any:
    prm = pj.CallOpParam(True)
    if code:
        prm.statusCode = code
    return prm


class MonitorCall(SipCall):
    """The supervisor's call on the agent's phone: a SipCall that also sees re-INVITEs."""

    @guarded
    def onCallRxReinvite(self, prm: Any) -> None:
        self.engine.monitor.on_rx_reinvite(self, prm)


@dataclass
class _Session:
    call: MonitorCall
    grant: Grant | None = None
    mode: MonitorMode | None = None
    refused: str = ""
    joined: bool = False
    end_reason: str = ""
    wired: dict[Route, tuple[int, int]] = field(default_factory=dict)  # route -> (source id, sink id)
    media: dict[Port, Any] = field(default_factory=dict)  # last AudioMedia of C and S (to unwire a held C)
    started: float = field(default_factory=time.monotonic)

    @property
    def customer_id(self) -> str:
        return self.grant.call_id if self.grant else ""


def _audio_slot(call: SipCall) -> tuple[int, bool]:
    """(conference slot or -1, media usable) from the call's current info."""
    try:
        info = call.getInfo()
    except pj.Error:
        return -1, False
    for media in info.media:
        if media.type == pj.PJMEDIA_TYPE_AUDIO:
            return int(media.audioConfSlot), media.status in _LIVE_MEDIA
    return -1, False


class MonitorBridge:
    def __init__(self, engine: EngineThread) -> None:
        self.engine = engine
        self.verifier: GrantVerifier | None = None
        self.header = "X-Monitor-Grant"
        self.sessions: dict[str, _Session] = {}

    # ---- engine hooks -------------------------------------------------------------------------
    @property
    def active(self) -> bool:
        return bool(self.sessions)

    def owns(self, call: SipCall) -> bool:
        session = self.sessions.get(call.uuid)
        return session is not None and session.call is call

    def handle(self, command: EngineCommand) -> bool:
        if isinstance(command, ConfigureMonitor):
            self.header = command.grant_header or self.header
            if not command.server_public_key_pem or not command.agent:
                self.verifier = None  # signed out: every monitor call is refused
                return True
            try:
                self.verifier = GrantVerifier.from_pem(command.server_public_key_pem, command.agent,
                                                       issuer=command.issuer, allowed_modes=command.allowed_modes)
            except ValueError as exc:
                from softphone.sip.engine import CommandError

                self.verifier = None
                raise CommandError(f"the server's public key is not usable: {exc}") from None
        elif isinstance(command, RenewMonitorGrant):
            call = self.engine.calls.get(command.call_id)
            prm = _op()
            header = pj.SipHeader()
            header.hName = command.grant_header
            header.hValue = command.grant
            prm.txOption.headers.append(header)
            call.reinvite(prm)
        else:
            return False
        return True

    def take_incoming(self, account: SipAccount, prm: Any) -> bool:
        """``onIncomingCall``: True if this INVITE is a monitor call (then it is ours, answered or refused)."""
        message = str(prm.rdata.wholeMsg)
        headers = parse_headers(message)
        if not any(name.lower() == self.header.lower() for name, _ in headers):
            return False
        token = header_value(headers, self.header)
        call = MonitorCall(self.engine, account, Direction.INBOUND, remote_identity(message), call_id=prm.callId)
        session = _Session(call)
        self.sessions[call.uuid] = session
        try:
            if self.verifier is None:
                raise GrantRefusedError("this phone takes no monitor calls (not configured)")
            session.grant = self.verifier.verify(token, self._customer_calls())
        except GrantRefusedError as exc:
            # only the text: an exception object in a log record keeps its frames (and this Call) alive
            session.refused = reason = str(exc)
            log.warning("refused a monitor call from %s: %s", call.remote.uri, reason)
            self.engine.publish(MonitorRefused(side="agent", reason=reason, supervisor=call.remote.user,
                                               session_id=call.uuid))
            self.engine.defer(lambda: self._hangup(call, 403))  # never inside onIncomingCall
            return True
        session.mode = session.grant.mode
        self.engine.defer(lambda: self._answer(session))
        return True

    def on_call_state(self, call: SipCall) -> None:
        session = self.sessions.get(call.uuid)
        if session is None:
            return
        info = call.getInfo()
        if info.state == pj.PJSIP_INV_STATE_CONFIRMED and not session.joined and session.grant is not None:
            session.joined = True
            log.info("monitor session %s: %s %s agent %s (joined in %.0f ms)", call.uuid, session.grant.sup,
                     session.grant.mode.value, session.grant.agent, (time.monotonic() - session.started) * 1000)
            self.engine.publish(MonitorJoined(session_id=call.uuid, side="agent", agent=session.grant.agent,
                                              supervisor=session.grant.sup, mode=session.grant.mode,
                                              customer_call_id=session.customer_id))
        elif info.state == pj.PJSIP_INV_STATE_DISCONNECTED:
            session.wired.clear()  # pjsua removed the port with every connection: nothing to stop
            session.media.clear()
            del self.sessions[call.uuid]  # rule 4: the Call dies with this callback's last reference
            if session.joined:
                self.engine.publish(MonitorLeft(session_id=call.uuid, side="agent",
                                                reason=session.end_reason or "the supervisor left"))

    def on_call_media_state(self, call: SipCall) -> None:
        session = self.sessions.get(call.uuid)
        if session is not None and session.grant is not None:
            self._rewire(session)

    def after_call_state(self, call: SipCall) -> None:
        """Any other call changed state (CallManager already handled it)."""
        if self.engine.calls.registry.get(call.uuid) is call:
            return
        change = CustomerChange.TRANSFERRED if call.flags.transferred else CustomerChange.ENDED
        for session in self._sessions_of(call.uuid):
            # the customer's port is gone with its connections: forget them, never stop them
            session.wired = {r: ids for r, ids in session.wired.items() if Port.CUSTOMER not in r}
            session.media.pop(Port.CUSTOMER, None)
            if customer_rule(change) is SessionAction.END:
                session.end_reason = "the monitored call was transferred" if change is CustomerChange.TRANSFERRED \
                    else "the monitored call ended"
                self.engine.defer(self._hangup_later(session.call))

    def after_call_media_state(self, call: SipCall) -> None:
        for session in self._sessions_of(call.uuid):
            self._rewire(session)

    def on_rx_reinvite(self, call: MonitorCall, prm: Any) -> None:
        session = self.sessions.get(call.uuid)
        if session is None or session.grant is None or self.verifier is None:
            return
        headers = parse_headers(str(prm.rdata.wholeMsg))
        token = header_value(headers, self.header)
        if not token:
            return  # a plain re-INVITE (session refresh, codec change): the mode stays
        try:
            grant = self.verifier.verify(token, {session.customer_id})
            if grant.sup != session.grant.sup:
                raise GrantRefusedError("grant for another supervisor")
        except GrantRefusedError as exc:
            reason = str(exc)
            log.warning("refused a monitor mode change on %s: %s", call.uuid, reason)
            prm.statusCode = 403
            self.engine.publish(MonitorRefused(side="agent", reason=reason, supervisor=session.grant.sup,
                                               agent=session.grant.agent, session_id=call.uuid))
            return
        session.grant, session.mode = grant, grant.mode
        self.engine.defer(lambda: self._rewire_if_alive(session))
        self.engine.publish(MonitorModeChanged(session_id=call.uuid, side="agent", mode=grant.mode))

    def forget_all(self) -> None:
        for session in self.sessions.values():
            session.wired.clear()
            session.media.clear()
        self.sessions.clear()

    # ---- internals ------------------------------------------------------------------------------
    def _customer_calls(self) -> set[str]:
        return {uuid for uuid, call in self.engine.calls.registry.items() if call.flags.answered_at is not None}

    def _sessions_of(self, customer_id: str) -> list[_Session]:
        return [s for s in self.sessions.values() if s.grant is not None and s.customer_id == customer_id]

    def _answer(self, session: _Session) -> None:
        if self.sessions.get(session.call.uuid) is not session:
            return
        if session.customer_id not in self._customer_calls():  # the call ended while we verified
            self._hangup(session.call, 410)
            return
        session.call.answer(_op(200))

    def _hangup(self, call: MonitorCall, code: int) -> None:
        if self.sessions.get(call.uuid) is not None and self.sessions[call.uuid].call is call:
            try:
                call.hangup(_op(code))
            except pj.Error as exc:
                log.debug("monitor hangup %s: %s", call.uuid, exc.info())

    def _hangup_later(self, call: MonitorCall) -> Callable[[], None]:
        return lambda: self._hangup(call, 0)

    def _rewire_if_alive(self, session: _Session) -> None:
        if self.sessions.get(session.call.uuid) is session:
            self._rewire(session)

    def _ports(self, session: _Session) -> tuple[dict[Port, Any], dict[Port, Any], dict[Port, int]]:
        """(usable media per port, media of every port that still exists, id of every existing port)."""
        usable: dict[Port, Any] = {}
        existing: dict[Port, Any] = {}
        ids: dict[Port, int] = {}
        customer = self.engine.calls.registry.get(session.customer_id)
        for port, call in ((Port.SUPERVISOR, session.call), (Port.CUSTOMER, customer)):
            if call is None:
                continue
            slot, live = _audio_slot(call)
            if slot < 0:
                continue
            ids[port] = slot
            if live:
                session.media[port] = call.getAudioMedia(-1)  # a plain AudioMedia: it owns no port
                usable[port] = session.media[port]
            cached = session.media.get(port)
            if cached is not None and int(cached.getPortId()) == slot:
                existing[port] = cached  # e.g. the customer on hold: its port is still there
        mic, ear = agent_ports(self.engine.audio, session.customer_id)
        for port, media in ((Port.MIC, mic), (Port.EAR, ear)):
            if media is not None:
                ids[port] = int(media.getPortId())
                usable[port] = existing[port] = media
        return usable, existing, ids

    def _rewire(self, session: _Session) -> None:
        usable, existing, ids = self._ports(session)
        wanted = {r for r in routes(session.mode, customer_media=Port.CUSTOMER in usable)
                  if r[0] in usable and r[1] in usable}
        for route, (src_id, dst_id) in list(session.wired.items()):
            same_ports = ids.get(route[0]) == src_id and ids.get(route[1]) == dst_id
            if route in wanted and same_ports:
                continue
            del session.wired[route]
            if same_ports and route[0] in existing and route[1] in existing:
                try:
                    existing[route[0]].stopTransmit(existing[route[1]])
                except pj.Error as exc:
                    log.debug("unwire %s: %s", route, exc.info())
        for route in wanted:  # re-assert all: a port re-created under the same id lost its links
            usable[route[0]].startTransmit(usable[route[1]])
            session.wired[route] = (ids[route[0]], ids[route[1]])
