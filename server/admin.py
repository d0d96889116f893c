"""Administration used by the CLI, the admin API and tests: users, teams, catalog."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.keys import ServerKeys
from server.models import DispositionCode, SipAccount, Team, TeamMember, User
from server.schemas import SipAccountIn, TeamIn, UserIn
from server.security import hash_password

DEFAULT_CATALOG = (
    ("resolved", "Resolved", "success"),
    ("sale", "Sale", "success"),
    ("callback", "Callback requested", "follow_up"),
    ("escalated", "Escalated", "follow_up"),
    ("complaint", "Complaint", "follow_up"),
    ("no_sale", "No sale", "no_success"),
    ("voicemail", "Left voicemail", "no_contact"),
    ("no_answer", "No answer", "no_contact"),
    ("wrong_number", "Wrong number", "invalid"),
)


def ensure_catalog(session: Session) -> None:
    for code, label, category in DEFAULT_CATALOG:
        if session.get(DispositionCode, code) is None:
            session.add(DispositionCode(code=code, label=label, category=category))


def upsert_team(session: Session, body: TeamIn) -> Team:
    team = session.scalars(select(Team).where(Team.name == body.name)).first()
    if team is None:
        team = Team(name=body.name)
        session.add(team)
    team.monitor_modes = ",".join(dict.fromkeys(body.monitor_modes))
    session.flush()
    return team


def add_member(session: Session, team: Team, user: User, supervisor: bool) -> None:
    existing = session.get(TeamMember, (team.id, user.id))
    if existing is None:
        session.add(TeamMember(team_id=team.id, user_id=user.id, is_supervisor=supervisor))
    else:
        existing.is_supervisor = supervisor
    session.flush()


def add_sip_account(session: Session, keys: ServerKeys, user: User, body: SipAccountIn) -> SipAccount:
    account = SipAccount(user_id=user.id, account_id=body.account_id, username=body.username, domain=body.domain,
                         auth_username=body.auth_username, display_name=body.display_name or user.display_name,
                         registrar=body.registrar, outbound_proxy=body.outbound_proxy, transport=body.transport,
                         extension=body.extension,
                         password_enc=keys.encrypt(body.password) if body.password else None)
    session.add(account)
    session.flush()
    return account


def create_user(session: Session, keys: ServerKeys, body: UserIn) -> User:
    """A user; ``teams`` are joined as supervisor for a supervisor, as agent otherwise."""
    if session.scalars(select(User).where(User.username == body.username)).first() is not None:
        raise ApiError(409, f"user {body.username!r} exists")
    user = User(username=body.username, display_name=body.display_name or body.username, role=body.role,
                password_hash=hash_password(body.password))
    session.add(user)
    session.flush()
    for name in body.teams:
        team = session.scalars(select(Team).where(Team.name == name)).first() or upsert_team(session, TeamIn(name=name))
        add_member(session, team, user, supervisor=body.role == "supervisor")
    if body.sip_account is not None:
        add_sip_account(session, keys, user, body.sip_account)
    return user
