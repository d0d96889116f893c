"""Customer lookup by phone number, detail, list, create and update."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select

from server import customers
from server.api.deps import CurrentUser, core
from server.config_store import current_config
from server.errors import ApiError
from server.models import Customer
from server.schemas import CustomerIn, CustomerPatch
from server.serialize import customer_out, page

router = APIRouter(tags=["customers"])
Region = Query(default=None, min_length=2, max_length=2, pattern="^[A-Za-z]{2}$",
               description="ISO 3166 region for national numbers (default: the server's default_region)")


@router.get("/customers/lookup")
def lookup(*, request: Request, phone: str = Query(min_length=1, max_length=64), region: str | None = Region,
           _user: CurrentUser) -> dict[str, Any]:
    """Every customer with this number (any format; normalized to E.164). Empty matches if none."""
    with core(request).db.reading() as session:
        default_region = str(current_config(session, max_age_s=5)["default_region"])
        return customers.lookup(session, phone, region or default_region)


@router.get("/customers")
def list_customers(*, request: Request, q: str | None = Query(default=None, min_length=1, max_length=100,
                                                           description="name prefix"),
                   limit: int = Query(default=50, ge=1, le=200), offset: int = Query(default=0, ge=0),
                   _user: CurrentUser) -> dict[str, Any]:
    query = select(Customer).order_by(Customer.id)
    if q:
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Customer.name.like(f"{escaped}%", escape="\\"))
    with core(request).db.reading() as session:
        rows = session.scalars(query.limit(limit + 1).offset(offset)).all()
        return page([customer_out(r, []) for r in rows], limit, offset)


@router.get("/customers/{customer_id}")
def get_customer(*, customer_id: str, request: Request, _user: CurrentUser) -> dict[str, Any]:
    with core(request).db.reading() as session:
        customer = session.get(Customer, customer_id)
        if customer is None:
            raise ApiError(404, "no such customer")
        return customers.details(session, [customer])[0]


@router.post("/customers", status_code=201)
def create_customer(*, body: CustomerIn, request: Request, _user: CurrentUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        return customers.create(session, body, str(current_config(session)["default_region"]))


@router.patch("/customers/{customer_id}")
def update_customer(*, customer_id: str, body: CustomerPatch, request: Request,
                    _user: CurrentUser) -> dict[str, Any]:
    with core(request).db.writing() as session:
        return customers.update(session, customer_id, body, str(current_config(session)["default_region"]))
