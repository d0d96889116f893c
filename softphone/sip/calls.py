"""Calls on the engine thread: commands (dial, answer, hold, transfer, merge...) and callbacks.

Rules kept here (ARCHITECTURE.md): audio is wired only when a call's media is ACTIVE
(rule 5); a call is dropped from the registry inside its DISCONNECTED callback (rule 4);
an incoming call is never rejected inside ``onIncomingCall`` (the wheel aborts): we answer
180 there and reject from the engine loop (``defer``).
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from softphone.audio.backend import Tone
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.messages import EngineCommand
from softphone.domain.values import (
    AutoAnswer,
    CallState,
    Direction,
    DtmfMethod,
    RemoteIdentity,
)
from softphone.sip.objects import SipAccount, SipCall
from softphone.sip.policy import end_reason, is_trusted_source, request_uri
from softphone.sip.sipmsg import (
    remote_identity,
    source_host,
    split_name_addr,
    untrusted_text,
    uri_user,
    wants_auto_answer,
)

if TYPE_CHECKING:
    from softphone.sip.engine import EngineThread

log = logging.getLogger(__name__)

MAX_LINES = 8
_STATES = {
    pj.PJSIP_INV_STATE_CALLING: CallState.DIALING,
    pj.PJSIP_INV_STATE_INCOMING: CallState.RINGING_IN,
    pj.PJSIP_INV_STATE_CONNECTING: CallState.CONNECTING,
    pj.PJSIP_INV_STATE_CONFIRMED: CallState.ACTIVE,
    pj.PJSIP_INV_STATE_DISCONNECTED: CallState.ENDED,
}


def _op(code: int = 0) -> Any:
    prm = pj.CallOpParam(True)
    if code:
        prm.statusCode = code
    return prm


def identity_from_uri(uri: str) -> RemoteIdentity:
    name, address = split_name_addr(uri)
    return RemoteIdentity(uri=address, display_name=name, user=uri_user(address))


class CallManager:
    def __init__(self, engine: EngineThread) -> None:
        self.engine = engine
        self.registry: dict[str, SipCall] = {}
        self.conference: set[str] = set()

    @property
    def active(self) -> bool:
        return bool(self.registry)

    def get(self, call_id: str) -> SipCall:
        from softphone.sip.engine import CommandError

        call = self.registry.get(call_id)
        if call is None:
            raise CommandError(f"there is no call {call_id}")
        return call

    # ---- commands ---------------------------------------------------------------------------
    def handle(self, command: EngineCommand) -> bool:
        match command:
            case c.Dial():
                self.dial(command)
            case c.Answer(call_id=call_id):
                self.answer(self.get(call_id))
            case c.Reject(call_id=call_id, code=code):
                call = self.get(call_id)
                call.flags.rejected_locally = True
                call.hangup(_op(code if code in (486, 603, 480, 403) else 486))
            case c.Hangup(call_id=call_id):
                self.hangup(self.get(call_id))
            case c.HangupAll():
                for call in list(self.registry.values()):
                    self.hangup(call)
            case c.Hold(call_id=call_id):
                self.hold(self.get(call_id))
            case c.Resume(call_id=call_id):
                self.resume(self.get(call_id))
            case c.Mute(call_id=call_id, muted=muted):
                self.mute(self.get(call_id), muted)
            case c.SendDtmf():
                self.send_dtmf(self.get(command.call_id), command.digits, command.method)
            case c.BlindTransfer(call_id=call_id, target=target):
                call = self.get(call_id)
                settings = call.account.settings
                call.xfer(request_uri(target, settings.domain, settings.dial_plan, settings.transport), _op())
            case c.AttendedTransfer(call_id=call_id, consult_call_id=consult_id):
                self.get(call_id).xferReplaces(self.get(consult_id), _op())
            case c.Merge(call_ids=call_ids):
                self.merge(call_ids)
            case c.Split(call_ids=call_ids):
                self.split(call_ids)
            case _:
                return False
        return True

    def dial(self, command: c.Dial) -> None:
        account = self.engine.accounts.get(command.account_id)
        settings = account.settings
        uri = request_uri(command.target, settings.domain, settings.dial_plan, settings.transport)
        self._hold_others(None)
        call = SipCall(self.engine, account, Direction.OUTBOUND, identity_from_uri(uri), uuid=command.call_id)
        prm = _op()
        for name, value in command.headers:
            header = pj.SipHeader()
            header.hName = name
            header.hValue = value
            prm.txOption.headers.append(header)
        call.makeCall(uri, prm)
        self.registry[call.uuid] = call
        call.flags.announced = True
        self.engine.publish(ev.OutgoingCallStarted(call_id=call.uuid, account_id=settings.account_id,
                                                   remote=call.remote))

    def answer(self, call: SipCall) -> None:
        self._hold_others(call)
        call.answer(_op(200))

    def hangup(self, call: SipCall) -> None:
        call.flags.hung_up_locally = True
        call.hangup(_op())

    def hold(self, call: SipCall) -> None:
        if not call.flags.local_hold:
            call.flags.local_hold = True
            call.setHold(_op())

    def resume(self, call: SipCall) -> None:
        if call.flags.local_hold:
            self._hold_others(call)
            call.flags.local_hold = False
            prm = _op()
            prm.opt.flag = pj.PJSUA_CALL_UNHOLD
            call.reinvite(prm)

    def mute(self, call: SipCall, muted: bool) -> None:
        call.flags.muted = muted
        self.engine.audio.set_call_muted(call.uuid, muted)
        self.engine.publish(ev.CallMuted(call_id=call.uuid, muted=muted))

    def send_dtmf(self, call: SipCall, digits: str, method: DtmfMethod | None) -> None:
        from softphone.sip.engine import CommandError

        if not digits or any(d not in "0123456789*#ABCDabcd" for d in digits):
            raise CommandError(f"{digits!r} are not DTMF digits")
        use = method or call.account.settings.dtmf_method
        if use is DtmfMethod.SIP_INFO:
            prm = pj.CallSendDtmfParam()
            prm.method = pj.PJSUA_DTMF_METHOD_SIP_INFO
            prm.digits = digits
            call.sendDtmf(prm)
        else:
            call.dialDtmf(digits)
        self.engine.audio.play_tone(Tone.DTMF, digits[-1])

    def merge(self, call_ids: tuple[str, ...]) -> None:
        calls = [self.get(call_id) for call_id in call_ids]
        self.conference.update(call.uuid for call in calls)
        for call in calls:
            if call.flags.local_hold:
                call.flags.local_hold = False
                prm = _op()
                prm.opt.flag = pj.PJSUA_CALL_UNHOLD
                call.reinvite(prm)
        self._wire_conference()
        self.engine.publish(ev.ConferenceChanged(call_ids=tuple(sorted(self.conference))))

    def split(self, call_ids: tuple[str, ...]) -> None:
        for call_id in call_ids:
            self._unwire_conference(call_id)
            self.conference.discard(call_id)
        if len(self.conference) < 2:
            for call_id in list(self.conference):
                self._unwire_conference(call_id)
            self.conference.clear()
        self.engine.publish(ev.ConferenceChanged(call_ids=tuple(sorted(self.conference))))

    def _hold_others(self, keep: SipCall | None) -> None:
        """One conversation at a time: answering or resuming a line holds the others (not a conference)."""
        for other in self.registry.values():
            if other is keep or other.uuid in self.conference:
                continue
            if other.flags.media_active and not other.flags.local_hold:
                self.hold(other)

    def _media_of(self, call: SipCall) -> Any | None:
        if not call.flags.media_active:
            return None
        try:
            return call.getAudioMedia(-1)
        except pj.Error:
            return None

    def _wire_conference(self) -> None:
        members = [self.registry[i] for i in self.conference if i in self.registry]
        for a in members:
            for b in members:
                media_a, media_b = self._media_of(a), self._media_of(b)
                if a is not b and media_a is not None and media_b is not None:
                    media_a.startTransmit(media_b)

    def _unwire_conference(self, call_id: str) -> None:
        call = self.registry.get(call_id)
        media = self._media_of(call) if call is not None else None
        if media is None:
            return
        for other_id in self.conference:
            other = self.registry.get(other_id)
            other_media = self._media_of(other) if other is not None and other is not call else None
            if other_media is not None:
                try:
                    media.stopTransmit(other_media)
                    other_media.stopTransmit(media)
                except pj.Error:
                    pass

    # ---- callbacks ----------------------------------------------------------------------------
    def on_incoming_call(self, account: SipAccount, prm: Any) -> None:
        if self.engine.monitor.take_incoming(account, prm):
            return  # a supervisor's monitor call (grant header): verified and answered silently, or refused
        rdata = prm.rdata
        message = str(rdata.wholeMsg)
        call = SipCall(self.engine, account, Direction.INBOUND, remote_identity(message), call_id=prm.callId)
        self.registry[call.uuid] = call
        settings = account.settings
        source = self._untrusted_source(account, rdata)
        if source is not None:
            call.flags.refused = True
            log.warning("refused an INVITE to %s from %s: not our registrar", settings.account_id, source)
            self.engine.defer(lambda: call.hangup(_op(403)))  # never inside onIncomingCall
            return
        ringing = [x for x in self.registry.values() if x.flags.announced and x.flags.answered_at is None
                   and x.direction is Direction.INBOUND]
        call.flags.announced = True
        auto = settings.auto_answer is AutoAnswer.ALL or (
            settings.auto_answer is AutoAnswer.HEADER and wants_auto_answer(message))
        self.engine.publish(ev.IncomingCallRang(call_id=call.uuid, account_id=settings.account_id,
                                                remote=call.remote, auto_answer=auto))
        if len(self.registry) > MAX_LINES:
            call.flags.rejected_locally = True
            self.engine.defer(lambda: call.hangup(_op(486)))
            return
        call.answer(_op(180))
        talking = any(x.flags.answered_at is not None for x in self.registry.values())
        if auto:
            self.engine.defer(lambda: self._auto_answer(call))
        elif not ringing:
            self.engine.audio.play_tone(Tone.CALL_WAITING if talking else Tone.RINGER)

    @staticmethod
    def _refuses(account: SipAccount, source: str) -> bool:
        settings = account.settings
        return (settings.reject_non_registrar and not settings.is_local
                and not is_trusted_source(source, account.trusted_sources))

    def _untrusted_source(self, account: SipAccount, rdata: Any) -> str | None:
        """The source address of ``rdata`` if the account refuses requests from it, else None."""
        source = source_host(str(rdata.srcAddress))
        return source if self._refuses(account, source) else None

    def on_call_tsx_state(self, call: SipCall, prm: Any) -> None:
        """Note where an in-dialog request came from: the callbacks that follow (REFER, offers) do not say."""
        event = prm.e
        if event.type != pj.PJSIP_EVENT_TSX_STATE or event.body.tsxState.type != pj.PJSIP_EVENT_RX_MSG:
            return
        rdata = event.body.tsxState.src.rdata
        if str(rdata.info).startswith("Request msg"):
            call.flags.request_source = source_host(str(rdata.srcAddress))

    def on_call_rx_offer(self, call: SipCall, prm: Any) -> None:
        """A new SDP offer in the dialog (re-INVITE, UPDATE): from a refused source it would move our media."""
        source = call.flags.request_source
        if source and self._refuses(call.account, source):
            log.warning("refused a new media offer for %s from %s: not our registrar", call.uuid, source)
            prm.statusCode = 488

    def on_call_replace_request(self, call: SipCall, prm: Any) -> None:
        """An INVITE with Replaces for ``call``: pjsua answers it without onIncomingCall, so the
        source policy of a new call applies here too (else anyone could take the call over)."""
        source = self._untrusted_source(call.account, prm.rdata)
        if source is not None:
            log.warning("refused an INVITE with Replaces for %s from %s: not our registrar", call.uuid, source)
            prm.statusCode = 403
            prm.reason = "Forbidden"

    def _auto_answer(self, call: SipCall) -> None:
        if self.registry.get(call.uuid) is call and call.flags.answered_at is None:
            self.answer(call)

    def on_call_state(self, call: SipCall) -> None:
        info = call.getInfo()
        pj_state = info.state
        state = _STATES.get(pj_state)
        if pj_state == pj.PJSIP_INV_STATE_EARLY:
            state = CallState.RINGING_OUT if call.direction is Direction.OUTBOUND else CallState.RINGING_IN
        if state is None:
            return
        if state is CallState.RINGING_OUT and info.lastStatusCode == 180 and not call.flags.media_active:
            self.engine.audio.play_tone(Tone.RINGBACK)
        if state is CallState.ACTIVE and call.flags.answered_at is None:
            call.flags.answered_at = time.time()
            self._stop_tones_if_quiet(call)
            if call.flags.announced:
                self.engine.publish(ev.CallAnswered(call_id=call.uuid, direction=call.direction))
        if state is not call.flags.last_state and call.flags.announced:
            call.flags.last_state = state
            self.engine.publish(ev.CallStateChanged(call_id=call.uuid, state=state, code=info.lastStatusCode,
                                                    reason=untrusted_text(str(info.lastReason))))
        if state is CallState.ENDED:
            self._ended(call, info)

    def _ended(self, call: SipCall, info: Any) -> None:
        # the media is already gone: no stopTransmit towards it (see AudioBackend.disconnect_call)
        self.engine.audio.disconnect_call(call.uuid, media_alive=False)
        call.flags.audio_slot = None
        if call.uuid in self.conference:
            self.conference.discard(call.uuid)
            if len(self.conference) < 2:
                self.conference.clear()
            self.engine.publish(ev.ConferenceChanged(call_ids=tuple(sorted(self.conference))))
        self.registry.pop(call.uuid, None)  # rule 4: the Call dies with this callback's last reference
        self._stop_tones_if_quiet(call)
        if not call.flags.announced:
            return
        flags = call.flags
        reason = end_reason(call.direction, int(info.lastStatusCode), answered=flags.answered_at is not None,
                            hung_up_locally=flags.hung_up_locally, rejected_locally=flags.rejected_locally,
                            transferred=flags.transferred, refused=flags.refused)
        duration = 0.0
        if flags.answered_at is not None:
            duration = info.connectDuration.sec + info.connectDuration.msec / 1000.0
        self.engine.publish(ev.CallEnded(call_id=call.uuid, reason=reason, code=int(info.lastStatusCode),
                                         reason_text=untrusted_text(str(info.lastReason)), duration_s=duration))

    def _stop_tones_if_quiet(self, ended_or_answered: SipCall) -> None:
        still_ringing = any(x is not ended_or_answered and x.flags.answered_at is None and x.flags.announced
                            for x in self.registry.values())
        if not still_ringing:
            self.engine.audio.play_tone(None)

    def on_call_media_state(self, call: SipCall) -> None:
        info = call.getInfo()
        audio_status, slot = None, -1
        for media in info.media:
            if media.type == pj.PJMEDIA_TYPE_AUDIO:
                audio_status, slot = media.status, int(media.audioConfSlot)
                break
        flags = call.flags
        was_remote_hold, was_active = flags.remote_hold, flags.media_active
        # pjsua re-creates a call's conference port on most media updates (hold, resume, re-INVITE):
        # the old port is removed with all its connections before this callback. Only a port we
        # wired that still exists may be unwired (see AudioBackend.disconnect_call).
        same_port = flags.audio_slot is not None and flags.audio_slot == slot
        if audio_status in (pj.PJSUA_CALL_MEDIA_ACTIVE, pj.PJSUA_CALL_MEDIA_REMOTE_HOLD):
            flags.media_active = True
            if call.direction is Direction.OUTBOUND and not was_active:
                self.engine.audio.play_tone(None)  # early ringback ends when media flows
            if not same_port:
                if flags.audio_slot is not None:
                    self.engine.audio.disconnect_call(call.uuid, media_alive=False)
                self.engine.audio.connect_call(call.uuid, call.getAudioMedia(-1))
                flags.audio_slot = slot
                if flags.muted:
                    self.engine.audio.set_call_muted(call.uuid, True)
                if call.uuid in self.conference:
                    self._wire_conference()
            flags.remote_hold = audio_status == pj.PJSUA_CALL_MEDIA_REMOTE_HOLD
            if not was_active:
                self.engine.publish(ev.CallMediaChanged(call_id=call.uuid, active=True, codec=self._codec(call)))
                if flags.last_state in (CallState.HELD, CallState.REMOTE_HELD) and not flags.remote_hold:
                    self._publish_state(call, CallState.ACTIVE)
                    self.engine.publish(ev.CallResumed(call_id=call.uuid, by_remote=False))
            if flags.remote_hold and not was_remote_hold:
                self._publish_state(call, CallState.REMOTE_HELD)
                self.engine.publish(ev.CallHeld(call_id=call.uuid, by_remote=True))
            elif was_remote_hold and not flags.remote_hold:
                self._publish_state(call, CallState.ACTIVE)
                self.engine.publish(ev.CallResumed(call_id=call.uuid, by_remote=True))
            return
        # LOCAL_HOLD, NONE, ERROR: nothing may flow to or from the microphone and speaker
        if flags.audio_slot is not None:
            self.engine.audio.disconnect_call(call.uuid, media_alive=same_port)
            flags.audio_slot = None
        flags.media_active = False
        if was_active:
            self.engine.publish(ev.CallMediaChanged(call_id=call.uuid, active=False))
        if audio_status == pj.PJSUA_CALL_MEDIA_LOCAL_HOLD:
            self._publish_state(call, CallState.HELD)
            self.engine.publish(ev.CallHeld(call_id=call.uuid, by_remote=False))

    def _publish_state(self, call: SipCall, state: CallState) -> None:
        if call.flags.last_state is not state:
            call.flags.last_state = state
            self.engine.publish(ev.CallStateChanged(call_id=call.uuid, state=state))

    def _codec(self, call: SipCall) -> str:
        try:
            return str(call.getStreamInfo(0).codecName)
        except pj.Error:
            return ""

    def on_dtmf_digit(self, call: SipCall, prm: Any) -> None:
        method = DtmfMethod.SIP_INFO if prm.method == pj.PJSUA_DTMF_METHOD_SIP_INFO else DtmfMethod.RFC4733
        self.engine.publish(ev.DtmfReceived(call_id=call.uuid, digit=str(prm.digit), method=method))

    def on_transfer_request(self, call: SipCall, prm: Any) -> None:
        """The far end REFERs us elsewhere: accept and place the new call as a new line."""
        target = untrusted_text(str(prm.dstUri))
        if call.flags.request_source and self._refuses(call.account, call.flags.request_source):
            log.warning("refused a REFER of %s to %s from %s: not our registrar", call.uuid, target,
                        call.flags.request_source)
            prm.statusCode = 403
            return
        new_call = SipCall(self.engine, call.account, Direction.OUTBOUND, identity_from_uri(target))
        new_call.flags.announced = True
        prm.statusCode = 202
        prm.newCall = new_call
        self.registry[new_call.uuid] = new_call
        call.flags.transferred = True
        self.engine.publish(ev.CallTransferredAway(call_id=call.uuid, target=target, new_call_id=new_call.uuid))
        self.engine.publish(ev.OutgoingCallStarted(call_id=new_call.uuid,
                                                   account_id=call.account.settings.account_id,
                                                   remote=new_call.remote))

    def on_transfer_status(self, call: SipCall, prm: Any) -> None:
        code = int(prm.statusCode)
        final = bool(prm.finalNotify)
        succeeded = final and 200 <= code < 300
        self.engine.publish(ev.TransferProgressed(call_id=call.uuid, code=code, reason=untrusted_text(str(prm.reason)),
                                                  final=final, succeeded=succeeded))
        if succeeded:
            call.flags.transferred = True
            prm.cont = False
            self.engine.defer(lambda: self._hangup_if_alive(call))

    def _hangup_if_alive(self, call: SipCall) -> None:
        if self.registry.get(call.uuid) is call:
            call.hangup(_op())

    def on_call_replaced(self, call: SipCall, prm: Any) -> None:
        """Attended transfer, target side: a new dialog replaces ``call``."""
        new_call = SipCall(self.engine, call.account, call.direction, call.remote, call_id=prm.newCallId)
        try:
            new_call.remote = identity_from_uri(untrusted_text(str(new_call.getInfo().remoteUri)))
        except pj.Error:
            pass
        new_call.flags.announced = True
        new_call.flags.answered_at = time.time()
        prm.newCall = new_call
        self.registry[new_call.uuid] = new_call
        call.flags.transferred = True
        self.engine.publish(ev.CallReplaced(old_call_id=call.uuid, new_call_id=new_call.uuid,
                                            remote=new_call.remote))

    def apply_codecs(self, preferred: tuple[str, ...]) -> None:
        from softphone.sip.config import codec_priorities

        available = [info.codecId for info in self.engine.ep.codecEnum2()]
        for codec, priority in codec_priorities(available, preferred).items():
            self.engine.ep.codecSetPriority(codec, priority)

    def forget_all(self) -> None:
        for call_id in list(self.registry):
            self.engine.audio.disconnect_call(call_id, media_alive=False)
        self.registry.clear()
        self.conference.clear()
