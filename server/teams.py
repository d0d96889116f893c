"""Team membership queries: who supervises whom, and with which monitor modes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import Team, TeamMember


def supervised_team_ids(session: Session, user_id: int) -> set[int]:
    return set(session.scalars(select(TeamMember.team_id).where(TeamMember.user_id == user_id,
                                                                TeamMember.is_supervisor.is_(True))))


def member_teams(session: Session, user_id: int) -> list[Team]:
    """The teams ``user_id`` belongs to as an agent (not as their supervisor)."""
    return list(session.scalars(select(Team).join(TeamMember, TeamMember.team_id == Team.id).where(
        TeamMember.user_id == user_id, TeamMember.is_supervisor.is_(False)).order_by(Team.name)))


def all_teams(session: Session, user_id: int) -> list[Team]:
    return list(session.scalars(select(Team).join(TeamMember, TeamMember.team_id == Team.id)
                                .where(TeamMember.user_id == user_id).order_by(Team.name)))


def modes_of(team: Team) -> list[str]:
    return [m for m in team.monitor_modes.split(",") if m]
