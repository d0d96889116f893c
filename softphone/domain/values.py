"""Value types shared by every layer: small, immutable, standard library only."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field


class Secret:
    """A password or token: compares and hashes by value but never shows it.

    ``repr``/``str`` print ``'***'`` so a secret that ends up in a log line, an
    exception message or a dataclass repr leaks nothing. ``reveal()`` is the one
    explicit way to get the text, used only where the secret is handed to a peer.
    """

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __reduce__(self) -> tuple[type[Secret], tuple[str]]:
        # crosses the engine pipe (our own child process), never a file
        return (Secret, (self._value,))


def new_call_id() -> str:
    """The stable call UUID the whole app uses (store, screen-pop, server)."""
    return str(uuid.uuid4())


class Direction(enum.Enum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Transport(enum.Enum):
    UDP = "udp"
    TCP = "tcp"
    TLS = "tls"


class SrtpPolicy(enum.Enum):
    OFF = "off"
    OPTIONAL = "optional"
    MANDATORY = "mandatory"


class AutoAnswer(enum.Enum):
    OFF = "off"
    ALL = "all"
    # only when the registrar/ACD marks the INVITE (Call-Info answer-after, Alert-Info auto-answer)
    HEADER = "header"


class DtmfMethod(enum.Enum):
    RFC4733 = "rfc4733"
    SIP_INFO = "sip_info"


class RegistrationState(enum.Enum):
    UNREGISTERED = "unregistered"
    REGISTERING = "registering"
    REGISTERED = "registered"
    FAILED = "failed"
    LOCAL = "local"  # peer-to-peer account: no registrar, ready for direct calls


class CallState(enum.Enum):
    DIALING = "dialing"  # INVITE sent, nothing back yet
    RINGING_OUT = "ringing_out"  # far end alerting (180/183)
    RINGING_IN = "ringing_in"  # incoming, not answered yet
    CONNECTING = "connecting"  # answered, waiting for ACK
    ACTIVE = "active"
    HELD = "held"  # we put it on hold
    REMOTE_HELD = "remote_held"  # the far end put us on hold
    ENDED = "ended"


class EndReason(enum.Enum):
    HANGUP_LOCAL = "hangup_local"
    HANGUP_REMOTE = "hangup_remote"
    REJECTED = "rejected"  # we declined an incoming call
    BUSY = "busy"
    NO_ANSWER = "no_answer"
    CANCELLED = "cancelled"  # caller gave up while it rang (a missed call for the callee)
    UNREACHABLE = "unreachable"
    TRANSFERRED = "transferred"
    REFUSED = "refused"  # refused by policy (unknown source, invalid grant)
    FAILED = "failed"
    ENGINE_LOST = "engine_lost"


class AgentState(enum.Enum):
    READY = "ready"
    NOT_READY = "not_ready"
    RINGING = "ringing"
    ON_CALL = "on_call"
    WRAP_UP = "wrap_up"
    OFFLINE = "offline"


class MonitorMode(enum.Enum):
    LISTEN = "listen"
    WHISPER = "whisper"
    BARGE = "barge"


@dataclass(frozen=True)
class RemoteIdentity:
    """Who is on the other end, as the INVITE (or our dial string) tells it."""

    uri: str
    display_name: str = ""
    user: str = ""
    from_header: str = ""
    p_asserted_identity: str = ""
    # X- headers (and any provisioned ones) in the order they arrived, names as sent
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None


@dataclass(frozen=True)
class DialPlan:
    """How typed numbers become SIP request URIs."""

    default_region: str = "US"  # ISO 3166 region for national numbers
    # strip these characters' leading prefix and put this before: e.g. (("0", "+30"),)
    prefix_rewrites: tuple[tuple[str, str], ...] = ()
    outside_line_prefix: str = ""  # e.g. "9" for PBXs that need it
    e164: bool = True  # send +CC numbers; False: send the digits as typed


@dataclass(frozen=True)
class AccountSettings:
    """Everything the engine needs to run one SIP account (the password comes from the keyring)."""

    account_id: str
    username: str
    domain: str  # SIP domain (host[:port]); for a local account the address we listen on
    display_name: str = ""
    password: Secret | None = None
    auth_username: str = ""  # defaults to username
    registrar: str = ""  # sip:host[:port]; empty = local peer-to-peer account
    outbound_proxy: str = ""
    transport: Transport = Transport.UDP
    local_port: int = 0  # 0 = any free port
    bind_address: str = ""  # "" = all interfaces
    expiry_s: int = 300
    retry_min_s: float = 2.0
    retry_max_s: float = 300.0
    stun_servers: tuple[str, ...] = ()
    ice: bool = False
    srtp: SrtpPolicy = SrtpPolicy.OFF
    tls_verify_server: bool = True
    tls_ca_file: str = ""  # extra trusted CA bundle (PEM); "" = system store
    reject_non_registrar: bool = True  # refuse requests that did not come through the registrar
    auto_answer: AutoAnswer = AutoAnswer.OFF
    dtmf_method: DtmfMethod = DtmfMethod.RFC4733
    codecs: tuple[str, ...] = ("G722/16000", "PCMU/8000", "PCMA/8000")
    rtp_port: int = 0  # first RTP port; 0 = any
    rtp_port_range: int = 0
    dial_plan: DialPlan = field(default_factory=DialPlan)

    @property
    def is_local(self) -> bool:
        return not self.registrar
