"""Supervisor board and monitor grants (see grants.py for the token format).

``decide`` is the whole authorization rule, pure: only a supervisor who supervises a team
the agent belongs to, and whose team allows the mode, gets a grant.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.config_store import current_config
from server.errors import ApiError
from server.grants import GrantPayload, new_nonce, sign_grant
from server.keys import ServerKeys
from server.models import Interaction, MonitorAudit, SipAccount, Team, TeamMember, User
from server.teams import member_teams, modes_of, supervised_team_ids
from server.timeutil import iso_z, utcnow


@dataclass(frozen=True)
class Decision:
    granted: bool
    reason: str


def decide(*, requester_role: str, requester_id: int, agent_id: int, supervised: set[int],
           agent_team_modes: dict[int, list[str]], mode: str) -> Decision:
    """``supervised``: team ids the requester supervises; ``agent_team_modes``: the agent's
    teams with the monitor modes each allows."""
    if requester_role != "supervisor":
        return Decision(False, f"a {requester_role} may not monitor calls")
    if requester_id == agent_id:
        return Decision(False, "a supervisor may not monitor themselves")
    shared = supervised & set(agent_team_modes)
    if not shared:
        return Decision(False, "the agent is not in a team you supervise")
    if not any(mode in agent_team_modes[team] for team in shared):
        return Decision(False, f"{mode} is not allowed for this team")
    return Decision(True, "granted")


def _audit(session: Session, *, requester_id: int, agent: User | None, agent_name: str, call_id: str | None,
           mode: str, decision: Decision, nonce: str | None = None, expires: datetime | None = None) -> None:
    session.add(MonitorAudit(requester_id=requester_id, agent_id=agent.id if agent else None,
                             agent_username=agent_name[:64], call_id=call_id, mode=mode, granted=decision.granted,
                             reason=decision.reason[:200], nonce=nonce, expires_at=expires))


def request_grant(session: Session, *, keys: ServerKeys, issuer: str, ttl_s: int, requester: User, agent_name: str,
                  mode: str, call_id: str | None) -> dict[str, Any]:
    """Decide, audit (granted or not) and either return the signed grant or raise ApiError.
    The caller commits the audit row even when this raises (see api/supervision.py)."""
    agent = session.scalars(select(User).where(User.username == agent_name)).first()
    if agent is None:
        _audit(session, requester_id=requester.id, agent=None, agent_name=agent_name, call_id=call_id, mode=mode,
               decision=Decision(False, "no such agent"))
        raise ApiError(404, "no such agent")
    teams = member_teams(session, agent.id)
    decision = decide(requester_role=requester.role, requester_id=requester.id, agent_id=agent.id,
                      supervised=supervised_team_ids(session, requester.id),
                      agent_team_modes={t.id: modes_of(t) for t in teams}, mode=mode)
    call = call_id or agent.current_call_id
    if decision.granted and not call:
        decision = Decision(False, "the agent is not on a call")
    if not decision.granted:
        _audit(session, requester_id=requester.id, agent=agent, agent_name=agent_name, call_id=call, mode=mode,
               decision=decision)
        raise ApiError(409 if decision.reason == "the agent is not on a call" else 403, decision.reason)
    assert call is not None
    exp = int(time.time()) + ttl_s
    nonce = new_nonce()
    expires = datetime.fromtimestamp(exp, UTC)
    _audit(session, requester_id=requester.id, agent=agent, agent_name=agent_name, call_id=call, mode=mode,
           decision=decision, nonce=nonce, expires=expires)
    token = sign_grant(keys.signing, GrantPayload(iss=issuer, sup=requester.username, agent=agent.username,
                                                  call_id=call, mode=mode, exp=exp, nonce=nonce))
    config = current_config(session)
    header = str(config["monitor_grant_header"])
    ext = session.scalars(select(SipAccount.extension).where(SipAccount.user_id == agent.id)
                          .order_by(SipAccount.id)).first() or ""
    template = dict(config["supervisor_feature_codes"]).get(mode, "")
    return {"grant": token, "expires_at": iso_z(expires), "mode": mode, "call_id": call, "nonce": nonce,
            "agent": {"id": agent.id, "username": agent.username, "extension": ext},
            "supervisor": requester.username, "sip_header": {"name": header, "value": token},
            "feature_code": template.replace("{ext}", ext) if ext and template else None,
            "method": config["monitor_method"]}


def board(session: Session, viewer: User) -> list[dict[str, Any]]:
    """The agents of the viewer's supervised teams (every team for an admin) with state and call."""
    now = utcnow()
    members = select(TeamMember.user_id, Team.name).join(Team, Team.id == TeamMember.team_id).where(
        TeamMember.is_supervisor.is_(False))
    if viewer.role != "admin":
        members = members.where(TeamMember.team_id.in_(supervised_team_ids(session, viewer.id)))
    team_names: dict[int, list[str]] = {}
    for user_id, team_name in session.execute(members):
        team_names.setdefault(user_id, []).append(team_name)
    if not team_names:
        return []
    agents = session.scalars(select(User).where(User.id.in_(team_names)).order_by(User.username)).all()
    call_ids = [a.current_call_id for a in agents if a.current_call_id]
    calls = {c.call_id: c for c in session.scalars(select(Interaction).where(Interaction.call_id.in_(call_ids)))}
    rows = []
    for agent in agents:
        call = calls.get(agent.current_call_id or "")
        since = agent.state_at
        # a softphone clock slightly ahead of ours must not show a negative duration
        elapsed = max(0.0, round((now - since).total_seconds(), 1)) if since else None
        rows.append({
            "id": agent.id, "username": agent.username, "display_name": agent.display_name,
            "teams": sorted(team_names[agent.id]), "state": agent.state, "reason": agent.state_reason,
            "state_since": iso_z(since), "state_duration_s": elapsed,
            "current_call": None if not agent.current_call_id else {
                "call_id": agent.current_call_id,
                "remote_number": call.remote_number if call else None,
                "remote_name": call.remote_name if call else None,
                "queue": call.queue if call else None,
                "answered_at": iso_z(agent.call_answered_at),
                "duration_s": max(0.0, round((now - agent.call_answered_at).total_seconds(), 1))
                if agent.call_answered_at else None,
            },
        })
    return rows
