"""pjsua2 subclasses: thin shells that forward every callback to the engine.

They hold no logic of their own (the engine decides); they exist so that each pjsua2
object carries our state (call UUID, direction, flags) and so that every callback is
wrapped by ``guarded``. They live in the engine's registries and are created and deleted
on the engine thread only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pjsua2 as pj

from softphone.domain.values import AccountSettings, Direction, RemoteIdentity, new_call_id
from softphone.sip.guard import guarded

if TYPE_CHECKING:
    from softphone.sip.engine import EngineThread


@dataclass
class CallFlags:
    """What happened to a call, for its end reason and the events it still owes."""

    announced: bool = False  # IncomingCallRang / OutgoingCallStarted was published
    answered_at: float | None = None
    hung_up_locally: bool = False
    rejected_locally: bool = False
    refused: bool = False
    transferred: bool = False
    local_hold: bool = False
    remote_hold: bool = False
    muted: bool = False
    media_active: bool = False
    request_source: str = ""  # where the latest in-dialog request came from (REFER's callback does not say)
    audio_slot: int | None = None  # the conference port we wired (pjsua replaces it on media updates)
    last_state: Any = None
    created_at: float = field(default_factory=time.time)


class SipAccount(pj.Account):
    def __init__(self, engine: EngineThread, settings: AccountSettings, trusted: frozenset[str]) -> None:
        super().__init__()
        self.engine = engine
        self.settings = settings
        self.trusted_sources = trusted
        self.failures = 0
        self.retry_timer: object | None = None
        self.contact = ""  # sip:user@our-transport-address: where the far end reaches us directly

    @guarded
    def onRegState(self, prm: Any) -> None:
        self.engine.on_reg_state(self, prm)

    @guarded
    def onIncomingCall(self, prm: Any) -> None:
        self.engine.on_incoming_call(self, prm)


class SipCall(pj.Call):
    def __init__(
        self,
        engine: EngineThread,
        account: SipAccount,
        direction: Direction,
        remote: RemoteIdentity,
        call_id: int = pj.PJSUA_INVALID_ID,
        uuid: str | None = None,
    ) -> None:
        super().__init__(account, call_id)
        self.engine = engine
        self.account = account
        self.uuid = uuid or new_call_id()
        self.direction = direction
        self.remote = remote
        self.flags = CallFlags()

    @guarded
    def onCallState(self, prm: Any) -> None:
        self.engine.on_call_state(self)

    @guarded
    def onCallMediaState(self, prm: Any) -> None:
        self.engine.on_call_media_state(self)

    @guarded
    def onDtmfDigit(self, prm: Any) -> None:
        self.engine.on_dtmf_digit(self, prm)

    @guarded
    def onCallTransferRequest(self, prm: Any) -> None:
        self.engine.on_transfer_request(self, prm)

    @guarded
    def onCallTransferStatus(self, prm: Any) -> None:
        self.engine.on_transfer_status(self, prm)

    @guarded
    def onCallTsxState(self, prm: Any) -> None:
        self.engine.on_call_tsx_state(self, prm)

    @guarded
    def onCallRxReinvite(self, prm: Any) -> None:
        self.engine.on_call_rx_offer(self, prm)

    @guarded
    def onCallRxOffer(self, prm: Any) -> None:
        self.engine.on_call_rx_offer(self, prm)

    @guarded
    def onCallReplaceRequest(self, prm: Any) -> None:
        self.engine.on_call_replace_request(self, prm)

    @guarded
    def onCallReplaced(self, prm: Any) -> None:
        self.engine.on_call_replaced(self, prm)


class SipEndpoint(pj.Endpoint):
    """The endpoint, subclassed for its transport callback (TLS verification details)."""

    def __init__(self, engine: EngineThread) -> None:
        super().__init__()
        self.engine = engine

    @guarded
    def onTransportState(self, prm: Any) -> None:
        self.engine.on_transport_state(prm)
