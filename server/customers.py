"""Customer records: lookup by E.164 number (indexed), detail, create and update."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import Customer, CustomerItem, CustomerPhone, Interaction, Note
from server.phone import to_e164
from server.schemas import CustomerIn, CustomerPatch, PhoneIn
from server.serialize import customer_out, interaction_out, item_out, note_out
from server.timeutil import utcnow

MAX_MATCHES = 50
LAST_N = 5


def _latest_per_customer(session: Session, model: type[Any], column: Any, order: Any,
                         ids: Sequence[str]) -> dict[str, list[Any]]:
    """The LAST_N newest rows of ``model`` for each customer id, in one windowed query."""
    rank = func.row_number().over(partition_by=column, order_by=order.desc()).label("rank")
    inner = select(model, rank).where(column.in_(ids)).subquery()
    rows = session.scalars(select(model).from_statement(
        select(inner).where(inner.c.rank <= LAST_N).order_by(inner.c[column.key], inner.c[order.key].desc()))).all()
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, column.key)].append(row)
    return grouped


def details(session: Session, customers: Sequence[Customer], number_e164: str | None = None) -> list[dict[str, Any]]:
    """Each customer with phones, open items, last interactions and notes (a few queries in all)."""
    ids = [c.id for c in customers]
    if not ids:
        return []
    phones: dict[str, list[dict[str, str]]] = defaultdict(list)
    for phone in session.scalars(select(CustomerPhone).where(CustomerPhone.customer_id.in_(ids))
                                 .order_by(CustomerPhone.id)):
        phones[phone.customer_id].append({"number_e164": phone.number_e164, "label": phone.label})
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in session.scalars(select(CustomerItem).where(CustomerItem.customer_id.in_(ids),
                                                           CustomerItem.status == "open")
                                .order_by(CustomerItem.updated_at.desc())):
        items[item.customer_id].append(item_out(item))
    calls = _latest_per_customer(session, Interaction, Interaction.customer_id, Interaction.offered_at, ids)
    unlinked: list[Interaction] = []
    if number_e164:  # calls from this number nobody linked to a customer yet belong to every match
        unlinked = list(session.scalars(select(Interaction).where(
            Interaction.remote_e164 == number_e164, Interaction.customer_id.is_(None))
            .order_by(Interaction.offered_at.desc()).limit(LAST_N)))
    notes = _latest_per_customer(session, Note, Note.customer_id, Note.saved_at, ids)
    out = []
    for customer in customers:
        merged = sorted([*calls.get(customer.id, []), *unlinked],
                        key=lambda i: (i.offered_at is not None, i.offered_at), reverse=True)[:LAST_N]
        out.append({**customer_out(customer, phones.get(customer.id, [])), "open_items": items.get(customer.id, []),
                    "last_interactions": [interaction_out(i) for i in merged],
                    "notes": [note_out(n) for n in notes.get(customer.id, [])]})
    return out


def lookup(session: Session, raw_phone: str, region: str) -> dict[str, Any]:
    number = to_e164(raw_phone, region)
    if number is None:
        return {"number_e164": None, "matches": []}
    ids = session.scalars(select(CustomerPhone.customer_id).where(CustomerPhone.number_e164 == number)
                          .distinct().limit(MAX_MATCHES)).all()
    customers = session.scalars(select(Customer).where(Customer.id.in_(ids)).order_by(Customer.name)).all()
    return {"number_e164": number, "matches": details(session, customers, number)}


def _normalized_phones(phones: list[PhoneIn], region: str) -> list[tuple[str, str]]:
    out = []
    for phone in phones:
        number = to_e164(phone.number, region)
        if number is None:
            raise ApiError(422, f"not a phone number: {phone.number!r}")
        out.append((number, phone.label))
    return out


def create(session: Session, body: CustomerIn, region: str) -> dict[str, Any]:
    phones = _normalized_phones(body.phones, region)
    customer_id = body.id or uuid.uuid4().hex
    if session.get(Customer, customer_id) is not None:
        raise ApiError(409, f"customer {customer_id!r} exists")
    customer = Customer(id=customer_id, name=body.name, company=body.company, tier=body.tier,
                        language=body.language, email=body.email)
    session.add(customer)
    session.flush()
    session.add_all(CustomerPhone(customer_id=customer_id, number_e164=n, label=label) for n, label in phones)
    session.flush()
    return details(session, [customer])[0]


def update(session: Session, customer_id: str, body: CustomerPatch, region: str) -> dict[str, Any]:
    customer = session.get(Customer, customer_id, with_for_update=True)
    if customer is None:
        raise ApiError(404, "no such customer")
    for name in ("name", "company", "tier", "language", "email"):
        value = getattr(body, name)
        if value is not None:
            setattr(customer, name, value)
    if body.phones is not None:
        phones = _normalized_phones(body.phones, region)
        session.execute(delete(CustomerPhone).where(CustomerPhone.customer_id == customer_id))
        session.add_all(CustomerPhone(customer_id=customer_id, number_e164=n, label=label) for n, label in phones)
    customer.updated_at = utcnow()
    session.flush()
    return details(session, [customer])[0]
