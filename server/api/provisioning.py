"""Provisioning for the logged-in user: SIP accounts, catalog, policies, the server's key."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from server.api.deps import CurrentUser, core
from server.config_store import current_config
from server.models import DispositionCode, SipAccount
from server.teams import all_teams, member_teams, modes_of, supervised_team_ids

router = APIRouter(tags=["provisioning"])
log = logging.getLogger("softphone.server.provisioning")


def _sip_account(row: SipAccount, password: str | None, include: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "account_id": row.account_id, "username": row.username, "domain": row.domain,
        "auth_username": row.auth_username or row.username, "display_name": row.display_name,
        "registrar": row.registrar, "outbound_proxy": row.outbound_proxy, "transport": row.transport,
        "extension": row.extension, "has_password": row.password_enc is not None,
    }
    if include:
        data["password"] = password
    return data


@router.get("/provisioning")
def provisioning(*, request: Request, include_secrets: bool = Query(
        default=False, description="also return SIP passwords in clear (over this authenticated channel)"),
        user: CurrentUser) -> JSONResponse:
    app = core(request)
    with app.db.reading() as session:
        config = current_config(session)
        accounts = session.scalars(select(SipAccount).where(SipAccount.user_id == user.id)
                                   .order_by(SipAccount.id)).all()
        sip = [_sip_account(a, app.keys.decrypt(a.password_enc) if include_secrets and a.password_enc else None,
                            include_secrets) for a in accounts]
        catalog = [{"code": c.code, "label": c.label, "category": c.category} for c in session.scalars(
            select(DispositionCode).where(DispositionCode.active.is_(True)).order_by(DispositionCode.code))]
        teams = all_teams(session, user.id)
        as_agent = member_teams(session, user.id)
        supervised = supervised_team_ids(session, user.id)
    if include_secrets:
        log.info("SIP secrets provisioned to user %s", user.username)
    # an agent learns which modes a supervisor may use on them; a supervisor which they may use
    modes = sorted({m for t in teams if t.id in supervised or t in as_agent for m in modes_of(t)})
    body = {
        "user": {"id": user.id, "username": user.username, "role": user.role, "display_name": user.display_name},
        "teams": [{"id": t.id, "name": t.name, "supervisor": t.id in supervised} for t in teams],
        "sip_accounts": sip,
        "disposition_catalog": catalog,
        "wrap_up_seconds": config["wrap_up_seconds"],
        "may_take_call_before_disposition": config["may_take_call_before_disposition"],
        "screenpop_url_template": config["screenpop_url_template"],
        "default_region": config["default_region"],
        "not_ready_reasons": config["not_ready_reasons"],
        "customer_id_headers": config["customer_id_headers"],
        "supervisor_feature_codes": config["supervisor_feature_codes"],
        "monitor_policy": {"method": config["monitor_method"], "allowed_modes": modes,
                           "grant_header": config["monitor_grant_header"], "grant_ttl_s": app.settings.grant_ttl_s,
                           "issuer": app.settings.issuer, "notify_agent": config["monitor_notify_agent"]},
        "server_public_key": app.keys.public_pem,
    }
    return JSONResponse(body, headers={"Cache-Control": "no-store"} if include_secrets else None)
