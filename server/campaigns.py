"""Outbound call lists: campaigns with contacts; an agent claims the next contact and
reports its result. Claims are atomic: PostgreSQL skips rows another agent has locked,
SQLite serializes writers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import Campaign, CampaignContact, Team, User
from server.phone import to_e164
from server.schemas import CampaignIn, ContactResultIn
from server.teams import all_teams
from server.timeutil import iso_z, utcnow


def contact_out(row: CampaignContact) -> dict[str, Any]:
    return {"id": row.id, "campaign_id": row.campaign_id, "customer_id": row.customer_id, "phone": row.phone_e164,
            "name": row.name, "status": row.status, "attempts": row.attempts, "assigned_to": row.assigned_to,
            "assigned_at": iso_z(row.assigned_at), "result": row.result or None, "notes": row.result_notes,
            "call_id": row.call_id}


def campaign_out(session: Session, row: Campaign) -> dict[str, Any]:
    counts = dict(session.execute(select(CampaignContact.status, func.count()).where(
        CampaignContact.campaign_id == row.id).group_by(CampaignContact.status)).tuples().all())
    team = session.get(Team, row.team_id) if row.team_id else None
    return {"id": row.id, "name": row.name, "team": team.name if team else None, "active": row.active,
            "created_at": iso_z(row.created_at), "contacts": {s: counts.get(s, 0) for s in ("pending", "assigned",
                                                                                           "done")}}


def create(session: Session, creator: User, body: CampaignIn, region: str) -> dict[str, Any]:
    team_id = None
    if body.team:
        team = session.scalars(select(Team).where(Team.name == body.team)).first()
        if team is None:
            raise ApiError(422, f"no such team {body.team!r}")
        team_id = team.id
    numbers = []
    for contact in body.contacts:
        number = to_e164(contact.phone, region)
        if number is None:
            raise ApiError(422, f"not a phone number: {contact.phone!r}")
        numbers.append(number)
    campaign = Campaign(name=body.name, team_id=team_id, created_by=creator.id)
    session.add(campaign)
    session.flush()
    session.add_all(CampaignContact(campaign_id=campaign.id, phone_e164=n, name=c.name, customer_id=c.customer_id)
                    for n, c in zip(numbers, body.contacts, strict=True))
    session.flush()
    return campaign_out(session, campaign)


def visible(session: Session, user: User, campaign: Campaign | None) -> Campaign:
    """An agent works only campaigns of their teams (or of no team)."""
    if campaign is None or (user.role == "agent" and campaign.team_id is not None
                            and campaign.team_id not in {t.id for t in all_teams(session, user.id)}):
        raise ApiError(404, "no such campaign")
    return campaign


def next_contact(session: Session, user: User, campaign: Campaign) -> dict[str, Any]:
    if not campaign.active:
        raise ApiError(409, "the campaign is not active")
    mine = session.scalars(select(CampaignContact).where(
        CampaignContact.campaign_id == campaign.id, CampaignContact.status == "assigned",
        CampaignContact.assigned_to == user.id).order_by(CampaignContact.id).limit(1)).first()
    if mine is None:
        mine = session.scalars(select(CampaignContact).where(
            CampaignContact.campaign_id == campaign.id, CampaignContact.status == "pending")
            .order_by(CampaignContact.id).limit(1).with_for_update(skip_locked=True)).first()
        if mine is None:
            return {"contact": None}
        mine.status, mine.assigned_to, mine.assigned_at, mine.updated_at = "assigned", user.id, utcnow(), utcnow()
        session.flush()
    return {"contact": contact_out(mine)}


def record_result(session: Session, user: User, contact_id: int, body: ContactResultIn) -> dict[str, Any]:
    contact = session.get(CampaignContact, contact_id, with_for_update=True)
    if contact is None:
        raise ApiError(404, "no such contact")
    if contact.status != "assigned" or (contact.assigned_to != user.id and user.role == "agent"):
        raise ApiError(409, "this contact is not assigned to you")
    contact.attempts += 1
    contact.result, contact.result_notes, contact.call_id = body.result, body.notes, body.call_id
    contact.status = "pending" if body.retry else "done"
    contact.assigned_to = None if body.retry else contact.assigned_to
    contact.updated_at = utcnow()
    session.flush()
    return contact_out(contact)
