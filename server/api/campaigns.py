"""Outbound call lists."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from server import campaigns
from server.api.deps import CurrentUser, Principal, SupervisorUser, core
from server.config_store import current_config
from server.models import Campaign, CampaignContact, User
from server.schemas import CampaignIn, ContactResultIn
from server.serialize import page
from server.teams import all_teams

router = APIRouter(tags=["campaigns"])
Limit = Query(default=50, ge=1, le=200)
Offset = Query(default=0, ge=0)


def _user(session: Any, principal: Principal) -> User:
    user = session.get(User, principal.id)
    assert user is not None
    return user


@router.post("/campaigns", status_code=201)
def create_campaign(*, body: CampaignIn, request: Request,
                    user: SupervisorUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        return campaigns.create(session, _user(session, user), body, str(current_config(session)["default_region"]))


@router.get("/campaigns")
def list_campaigns(*, request: Request, limit: int = Limit, offset: int = Offset,
                   user: CurrentUser) -> dict[str, Any]:
    query = select(Campaign).order_by(Campaign.id)
    with core(request).db.reading() as session:
        if user.role == "agent":
            team_ids = [t.id for t in all_teams(session, user.id)]
            query = query.where(Campaign.team_id.is_(None) | Campaign.team_id.in_(team_ids))
        rows = session.scalars(query.limit(limit + 1).offset(offset)).all()
        return page([campaigns.campaign_out(session, r) for r in rows], limit, offset)


@router.get("/campaigns/{campaign_id}/contacts")
def list_contacts(*, campaign_id: int, request: Request, status: str | None = Query(default=None, max_length=16),
                  limit: int = Limit, offset: int = Offset,
                  user: SupervisorUser) -> dict[str, Any]:
    with core(request).db.reading() as session:
        campaigns.visible(session, _user(session, user), session.get(Campaign, campaign_id))
        query = select(CampaignContact).where(CampaignContact.campaign_id == campaign_id).order_by(CampaignContact.id)
        if status:
            query = query.where(CampaignContact.status == status)
        rows = session.scalars(query.limit(limit + 1).offset(offset)).all()
        return page([campaigns.contact_out(r) for r in rows], limit, offset)


@router.post("/campaigns/{campaign_id}/next")
def next_contact(*, campaign_id: int, request: Request, user: CurrentUser) -> dict[str, Any]:
    """The agent's current contact, or the next pending one (claimed for them); contact null when done."""
    with core(request).db.writing() as session:
        me = _user(session, user)
        campaign = campaigns.visible(session, me, session.get(Campaign, campaign_id))
        return campaigns.next_contact(session, me, campaign)


@router.post("/campaigns/contacts/{contact_id}/result")
def post_result(*, contact_id: int, body: ContactResultIn, request: Request,
                user: CurrentUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        return campaigns.record_result(session, _user(session, user), contact_id, body)
