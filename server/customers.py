"""Customer records: lookup by E.164 number (indexed), detail, create and update."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import FromClause, RowMapping, Select, bindparam, delete, func, select
from sqlalchemy.orm import Session

from server.errors import ApiError
from server.models import Customer, CustomerItem, CustomerPhone, Interaction, Note
from server.phone import to_e164
from server.schemas import CustomerIn, CustomerPatch, PhoneIn
from server.serialize import customer_out, interaction_out, item_out, note_out
from server.timeutil import utcnow

MAX_MATCHES = 50
MAX_PHONES = 20  # per customer (schemas.CustomerIn)
LAST_N = 5


def _latest_query(table: FromClause, column: str, order: str) -> Select[Any]:
    """The LAST_N newest rows of ``table`` for each id in the expanding parameter ``ids``."""
    rank = func.row_number().over(partition_by=table.c[column], order_by=table.c[order].desc()).label("rank")
    inner = select(table, rank).where(table.c[column].in_(bindparam("ids", expanding=True))).subquery()
    return select(*(inner.c[c.key] for c in table.c)).where(inner.c.rank <= LAST_N).order_by(
        inner.c[column], inner.c[order].desc())


def _latest_calls_query() -> Select[Any]:
    """The LAST_N newest calls of each customer in ``ids`` and, as customer "", of the number
    ``number`` when no customer is linked: one query for both."""
    calls = Interaction.__table__
    owner = func.coalesce(calls.c.customer_id, "").label("owner")
    rank = func.row_number().over(partition_by=owner, order_by=calls.c.offered_at.desc()).label("rank")
    inner = select(calls, owner, rank).where(
        calls.c.customer_id.in_(bindparam("ids", expanding=True))
        | ((calls.c.remote_e164 == bindparam("number")) & calls.c.customer_id.is_(None))).subquery()
    return select(*(inner.c[c.key] for c in calls.c), inner.c.owner).where(inner.c.rank <= LAST_N)


# built once: making these per request cost more than running them
LATEST_CALLS = _latest_calls_query()
LATEST_NOTES = _latest_query(Note.__table__, "customer_id", "saved_at")


def _latest_per_customer(session: Session, query: Select[Any], column: str,
                         ids: Sequence[str]) -> dict[str, list[RowMapping]]:
    grouped: dict[str, list[RowMapping]] = defaultdict(list)
    for row in session.execute(query, {"ids": list(ids)}).mappings():
        grouped[row[column]].append(row)
    return grouped


def _phones_of(session: Session, ids: Sequence[str]) -> dict[str, list[dict[str, str]]]:
    phones_t = CustomerPhone.__table__
    phones: dict[str, list[dict[str, str]]] = defaultdict(list)
    for cid, number, label in session.execute(select(phones_t.c.customer_id, phones_t.c.number_e164, phones_t.c.label)
                                              .where(phones_t.c.customer_id.in_(ids)).order_by(phones_t.c.id)):
        phones[cid].append({"number_e164": number, "label": label})
    return phones


def details(session: Session, customers: Sequence[Any], number_e164: str | None = None,
            phones: dict[str, list[dict[str, str]]] | None = None) -> list[dict[str, Any]]:
    """Each customer (row or ORM object) with phones, open items, last interactions and notes.
    Core queries, not ORM objects: this is the screen-pop's hot path."""
    ids = [c.id for c in customers]
    if not ids:
        return []
    items_t = CustomerItem.__table__
    if phones is None:
        phones = _phones_of(session, ids)
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in session.execute(select(items_t).where(items_t.c.customer_id.in_(ids), items_t.c.status == "open")
                                .order_by(items_t.c.updated_at.desc())):
        items[item.customer_id].append(item_out(item))
    calls: dict[str, list[RowMapping]] = defaultdict(list)
    for row in session.execute(LATEST_CALLS, {"ids": ids, "number": number_e164 or ""}).mappings():
        calls[row["owner"]].append(row)
    # calls from this number nobody linked to a customer yet belong to every match
    unlinked = calls.get("", [])
    notes = _latest_per_customer(session, LATEST_NOTES, "customer_id", ids)
    out = []
    for customer in customers:
        merged = sorted([*calls.get(customer.id, []), *unlinked],
                        key=lambda i: (i["offered_at"] is not None, i["offered_at"]), reverse=True)[:LAST_N]
        out.append({**customer_out(customer, phones.get(customer.id, [])), "open_items": items.get(customer.id, []),
                    "last_interactions": [interaction_out(_Attrs(i)) for i in merged],
                    "notes": [note_out(_Attrs(n)) for n in notes.get(customer.id, [])]})
    return out


class _Attrs:
    """Attribute access over a result mapping, so the serializers take rows and ORM objects alike."""

    __slots__ = ("_row",)

    def __init__(self, row: RowMapping) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return self._row[name]


def lookup(session: Session, raw_phone: str, region: str) -> dict[str, Any]:
    number = to_e164(raw_phone, region)
    if number is None:
        return {"number_e164": None, "matches": []}
    rows = session.execute(LOOKUP, {"number": number}).all()
    customers: dict[str, Any] = {}
    phones: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:  # one row per (customer, phone of that customer)
        customers.setdefault(row.id, row)
        phones[row.id].append({"number_e164": row.phone, "label": row.phone_label})
    matches = list(customers.values())[:MAX_MATCHES]
    return {"number_e164": number, "matches": details(session, matches, number, phones)}


def _lookup_query() -> Select[Any]:
    """Every customer with the number ``number``, with all of their phones (one query)."""
    phones_t, customers_t = CustomerPhone.__table__, Customer.__table__
    owners = select(phones_t.c.customer_id).where(phones_t.c.number_e164 == bindparam("number"))
    every_phone = phones_t.alias("every_phone")
    return (select(customers_t, every_phone.c.number_e164.label("phone"), every_phone.c.label.label("phone_label"))
            .join(every_phone, every_phone.c.customer_id == customers_t.c.id)
            .where(customers_t.c.id.in_(owners)).order_by(customers_t.c.name, customers_t.c.id, every_phone.c.id)
            .limit(MAX_MATCHES * MAX_PHONES))  # a switchboard number shared by thousands stays cheap


LOOKUP = _lookup_query()


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
