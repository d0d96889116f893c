"""Supervisor monitoring, pure: commands, events, who hears whom, and the session rules.

Peer-bridge mode (ARCHITECTURE.md, Supervisor monitoring): on the agent's softphone four
conference ports meet: ``C`` the customer call, ``S`` the supervisor's monitor call, ``MIC``
the agent's microphone and ``EAR`` the agent's speaker. ``routes`` is the whole wiring rule:

    listen  = C->S, MIC->S
    whisper = listen + S->EAR
    barge   = whisper + S->C

(MIC->C and C->EAR are the agent's ordinary call wiring, never touched by monitoring.)

Session rules when the customer call changes (``customer_rule``), documented for agents and
supervisors alike:

- the customer call ends (hang-up, transfer away, replaced): the monitor session ends with it
  (the agent's softphone hangs up the supervisor's call, reason "the monitored call ended");
- the agent holds the customer call: the session stays, the supervisor hears the agent only
  (every route touching ``C`` is dropped while ``C`` has no media, so a barging supervisor is
  not heard by the held customer either; a whisper still reaches the agent's ear); on resume
  the mode's routes come back. When the customer holds the agent, the routes stay: the
  supervisor hears what the agent hears (music on hold or silence);
- a grant names one call: a new call of the agent (even after a transfer) needs a new grant.

PBX mode: the server's feature-code templates are dialed (``*222{ext}``); a template may end
in ``|DIGITS``: the DTMF that selects the mode once connected (FreeSWITCH eavesdrop style,
``*33{ext}|2``). ``pbx_plan``/``pbx_switch`` turn templates into dial strings and DTMF.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from softphone.domain.messages import Command, EngineCommand, Event
from softphone.domain.values import MonitorMode

GRANT_HEADER = "X-Monitor-Grant"


class Port(enum.Enum):
    CUSTOMER = "C"
    SUPERVISOR = "S"
    MIC = "mic"
    EAR = "ear"


Route = tuple[Port, Port]  # (source, sink)

_ROUTES: dict[MonitorMode, frozenset[Route]] = {
    MonitorMode.LISTEN: frozenset({(Port.CUSTOMER, Port.SUPERVISOR), (Port.MIC, Port.SUPERVISOR)}),
    MonitorMode.WHISPER: frozenset({(Port.CUSTOMER, Port.SUPERVISOR), (Port.MIC, Port.SUPERVISOR),
                                    (Port.SUPERVISOR, Port.EAR)}),
    MonitorMode.BARGE: frozenset({(Port.CUSTOMER, Port.SUPERVISOR), (Port.MIC, Port.SUPERVISOR),
                                  (Port.SUPERVISOR, Port.EAR), (Port.SUPERVISOR, Port.CUSTOMER)}),
}


def routes(mode: MonitorMode | None, *, customer_media: bool = True) -> frozenset[Route]:
    """The routes of ``mode``; without customer media (held, not yet up) none touching ``C``."""
    if mode is None:
        return frozenset()
    wanted = _ROUTES[mode]
    if customer_media:
        return wanted
    return frozenset(r for r in wanted if Port.CUSTOMER not in r)


def hears(mode: MonitorMode, party: str) -> frozenset[str]:
    """Who ``party`` ("customer", "agent", "supervisor") hears in ``mode``: the table the tests prove."""
    table = {
        MonitorMode.LISTEN: {"customer": {"agent"}, "agent": {"customer"}, "supervisor": {"customer", "agent"}},
        MonitorMode.WHISPER: {"customer": {"agent"}, "agent": {"customer", "supervisor"},
                              "supervisor": {"customer", "agent"}},
        MonitorMode.BARGE: {"customer": {"agent", "supervisor"}, "agent": {"customer", "supervisor"},
                            "supervisor": {"customer", "agent"}},
    }
    return frozenset(table[mode][party])


def route_changes(wired: frozenset[Route], wanted: frozenset[Route]) -> tuple[frozenset[Route], frozenset[Route]]:
    """(to stop, to start) to go from ``wired`` to ``wanted``."""
    return wired - wanted, wanted - wired


class CustomerChange(enum.Enum):
    ENDED = "ended"
    HELD = "held"
    RESUMED = "resumed"
    TRANSFERRED = "transferred"


class SessionAction(enum.Enum):
    END = "end"  # hang up the supervisor's call
    REWIRE = "rewire"  # recompute the routes (customer media appeared or went away)


def customer_rule(change: CustomerChange) -> SessionAction:
    """What a monitor session does when its customer call changes (see the module doc)."""
    if change in (CustomerChange.ENDED, CustomerChange.TRANSFERRED):
        return SessionAction.END
    return SessionAction.REWIRE


def parse_mode(text: str) -> MonitorMode:
    try:
        return MonitorMode(text.strip().lower())
    except ValueError:
        raise ValueError(f"unknown monitor mode {text!r}") from None


# ---- PBX mode ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PbxStep:
    """What the supervisor's phone does: dial ``dial`` (if not empty), then send ``dtmf`` in-call."""

    dial: str = ""
    dtmf: str = ""
    hangup_first: bool = False  # a different feature code: leave the current PBX call first


_DTMF = set("0123456789*#ABCD")


def split_template(template: str) -> tuple[str, str]:
    """``"*33{ext}|2"`` -> ("*33{ext}", "2"); ``"*222{ext}"`` -> ("*222{ext}", "")."""
    code, _, digits = template.partition("|")
    digits = digits.strip()
    if any(d not in _DTMF for d in digits.upper()):
        raise ValueError(f"{template!r}: the part after | must be DTMF digits")
    return code.strip(), digits


def feature_code(template: str, extension: str) -> str:
    """The dial string of a template for an agent's extension (``*222{ext}`` + 1777 -> ``*2221777``)."""
    code, _ = split_template(template)
    if not code:
        raise ValueError("empty feature-code template")
    if not extension or any(ch in extension for ch in "{}|@ "):
        raise ValueError(f"not an extension: {extension!r}")
    return code.replace("{ext}", extension)


def pbx_plan(templates: dict[str, str], mode: MonitorMode, extension: str) -> PbxStep:
    """Starting a PBX monitor session in ``mode``."""
    template = _template(templates, mode)
    return PbxStep(dial=feature_code(template, extension), dtmf=split_template(template)[1])


def pbx_switch(templates: dict[str, str], current: MonitorMode, wanted: MonitorMode, extension: str) -> PbxStep:
    """Switching modes: DTMF in the same call when both templates dial the same code and the
    wanted one has digits (FreeSWITCH eavesdrop); otherwise hang up and dial the new code (ChanSpy)."""
    if current is wanted:
        return PbxStep()
    now_code, _ = split_template(_template(templates, current))
    new_code, new_digits = split_template(_template(templates, wanted))
    if now_code == new_code and new_digits:
        return PbxStep(dtmf=new_digits)
    return PbxStep(dial=feature_code(_template(templates, wanted), extension), dtmf=new_digits, hangup_first=True)


def _template(templates: dict[str, str], mode: MonitorMode) -> str:
    template = templates.get(mode.value, "")
    if not template:
        raise ValueError(f"no feature code is provisioned for {mode.value}")
    return template


# ---- board rows (from the server's supervisor board) ------------------------------------------
@dataclass(frozen=True)
class BoardCall:
    call_id: str
    remote_number: str | None = None
    remote_name: str | None = None
    queue: str | None = None
    duration_s: float | None = None


@dataclass(frozen=True)
class BoardAgent:
    id: int
    username: str
    display_name: str
    teams: tuple[str, ...]
    state: str
    reason: str | None = None
    state_duration_s: float | None = None
    current_call: BoardCall | None = None


# ---- commands ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConfigureMonitor(EngineCommand):
    """Agent side (engine): accept monitor calls for ``agent`` with grants signed by this key."""

    agent: str  # the agent's username on the server (the grant's ``agent``)
    server_public_key_pem: str
    issuer: str = ""  # "" = any issuer
    grant_header: str = GRANT_HEADER
    allowed_modes: tuple[str, ...] = ("listen", "whisper", "barge")


@dataclass(frozen=True)
class RenewMonitorGrant(EngineCommand):
    """Supervisor side (engine): re-INVITE the monitor call ``call_id`` carrying a new grant (mode change)."""

    call_id: str
    grant: str
    grant_header: str = GRANT_HEADER


@dataclass(frozen=True)
class RefreshBoard(Command):
    """Supervisor (app): fetch the supervisor board now."""


@dataclass(frozen=True)
class StartMonitor(Command):
    """Supervisor (app): start listening / whispering / barging an agent's current call."""

    agent: str
    mode: MonitorMode
    call_id: str | None = None  # None: the agent's current call


@dataclass(frozen=True)
class SwitchMonitorMode(Command):
    session_id: str
    mode: MonitorMode


@dataclass(frozen=True)
class LeaveMonitor(Command):
    session_id: str


# ---- events --------------------------------------------------------------------------------
@dataclass(frozen=True)
class BoardUpdated(Event):
    agents: tuple[BoardAgent, ...]


@dataclass(frozen=True)
class BoardFailed(Event):
    reason: str


@dataclass(frozen=True)
class MonitorJoined(Event):
    """A monitor session is up. ``side`` "agent": published by the agent's engine (the app shows
    it only if ``monitor_policy.notify_agent``); "supervisor": the supervisor's app."""

    session_id: str  # the SIP call of the session (its call UUID on this side)
    side: str
    agent: str
    supervisor: str
    mode: MonitorMode
    customer_call_id: str = ""
    method: str = "peer_bridge"  # or "pbx"


@dataclass(frozen=True)
class MonitorModeChanged(Event):
    session_id: str
    side: str
    mode: MonitorMode


@dataclass(frozen=True)
class MonitorLeft(Event):
    session_id: str
    side: str
    reason: str


@dataclass(frozen=True)
class MonitorRefused(Event):
    """A monitor attempt was refused: on the agent side a 403 to an invalid grant (never the
    token itself), on the supervisor side the server or the agent's phone said no."""

    side: str
    reason: str
    supervisor: str = ""
    agent: str = ""
    session_id: str = ""


# ---- provisioning --------------------------------------------------------------------------
@dataclass(frozen=True)
class MonitorPolicy:
    """``monitor_policy`` + ``supervisor_feature_codes`` + ``server_public_key`` from provisioning."""

    method: str = "peer_bridge"  # or "pbx"
    allowed_modes: tuple[MonitorMode, ...] = ()
    grant_header: str = GRANT_HEADER
    grant_ttl_s: int = 60
    issuer: str = ""
    notify_agent: bool = True  # show the agent "supervisor listening/whispering/barging"
    feature_codes: tuple[tuple[str, str], ...] = ()  # (mode, template)
    server_public_key_pem: str = ""

    @classmethod
    def from_provisioning(cls, data: dict[str, object]) -> MonitorPolicy:
        policy = data.get("monitor_policy")
        policy = policy if isinstance(policy, dict) else {}
        codes = data.get("supervisor_feature_codes")
        codes = codes if isinstance(codes, dict) else {}
        modes = []
        for value in policy.get("allowed_modes", []) or []:
            try:
                modes.append(parse_mode(str(value)))
            except ValueError:
                continue
        method = str(policy.get("method", "peer_bridge") or "peer_bridge")
        return cls(method=method if method in ("peer_bridge", "pbx") else "peer_bridge",
                   allowed_modes=tuple(modes), grant_header=str(policy.get("grant_header") or GRANT_HEADER),
                   grant_ttl_s=int(str(policy.get("grant_ttl_s", 60) or 60)), issuer=str(policy.get("issuer") or ""),
                   notify_agent=bool(policy.get("notify_agent", True)),
                   feature_codes=tuple(sorted((str(k), str(v)) for k, v in codes.items() if v)),
                   server_public_key_pem=str(data.get("server_public_key") or ""))

    @property
    def templates(self) -> dict[str, str]:
        return dict(self.feature_codes)

    def configure_agent(self, agent_username: str) -> ConfigureMonitor | None:
        """The engine command that lets this agent's phone accept peer-bridge monitor calls (None: no key)."""
        if not self.server_public_key_pem or not agent_username:
            return None
        return ConfigureMonitor(agent=agent_username, server_public_key_pem=self.server_public_key_pem,
                                issuer=self.issuer, grant_header=self.grant_header,
                                allowed_modes=tuple(m.value for m in self.allowed_modes) or
                                ("listen", "whisper", "barge"))


def board_from_json(rows: list[dict[str, object]]) -> tuple[BoardAgent, ...]:
    """The server's ``GET /supervisor/board`` ``agents`` list -> rows for the board view."""
    agents = []
    for row in rows:
        call = row.get("current_call")
        board_call = None
        if isinstance(call, dict) and call.get("call_id"):
            duration = call.get("duration_s")
            board_call = BoardCall(call_id=str(call["call_id"]), remote_number=_opt(call.get("remote_number")),
                                   remote_name=_opt(call.get("remote_name")), queue=_opt(call.get("queue")),
                                   duration_s=float(str(duration)) if duration is not None else None)
        teams = row.get("teams")
        duration = row.get("state_duration_s")
        agents.append(BoardAgent(id=int(str(row.get("id", 0))), username=str(row.get("username", "")),
                                 display_name=str(row.get("display_name") or row.get("username", "")),
                                 teams=tuple(str(t) for t in teams) if isinstance(teams, list) else (),
                                 state=str(row.get("state") or "offline"), reason=_opt(row.get("reason")),
                                 state_duration_s=float(str(duration)) if duration is not None else None,
                                 current_call=board_call))
    return tuple(agents)


def _opt(value: object) -> str | None:
    return None if value is None else str(value)
