"""Write demo data: the team/users/catalog a demo needs, and N generated customers
(PostgreSQL COPY, SQLite executemany in one transaction)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.schema import AddConstraint, DropConstraint

from server.admin import create_user, ensure_catalog, upsert_team
from server.campaigns import create as create_campaign
from server.db import Database
from server.keys import ServerKeys
from server.models import Base, Customer, CustomerItem, CustomerPhone, User
from server.schemas import CampaignIn, ContactIn, Role, SipAccountIn, TeamIn, UserIn
from server.seedgen import Batch, generate

CUSTOMER_COLUMNS = ("id", "name", "company", "tier", "language", "email", "created_at", "updated_at")
PHONE_COLUMNS = ("customer_id", "number_e164", "label")
ITEM_COLUMNS = ("customer_id", "kind", "reference", "title", "status", "updated_at")
DEMO_USERS: tuple[tuple[str, Role, list[str], str], ...] = (
    ("admin", "admin", [], ""), ("sup1", "supervisor", ["support"], "2001"),
              ("agent1", "agent", ["support"], "1001"), ("agent2", "agent", ["support"], "1002"),
              ("sup2", "supervisor", ["sales"], "2002"), ("agent3", "agent", ["sales"], "1003"))


def _write_postgres(engine: Engine, batch: Batch) -> None:
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for table, columns, rows in (("customers", CUSTOMER_COLUMNS, batch.customers),
                                     ("customer_phones", PHONE_COLUMNS, batch.phones),
                                     ("customer_items", ITEM_COLUMNS, batch.items)):
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def _write_sqlite(db: Database, batch: Batch) -> None:
    with db.writing() as session:
        conn = session.connection()
        conn.execute(insert(Customer), [dict(zip(CUSTOMER_COLUMNS, r, strict=True)) for r in batch.customers])
        conn.execute(insert(CustomerPhone), [dict(zip(PHONE_COLUMNS, r, strict=True)) for r in batch.phones])
        if batch.items:
            conn.execute(insert(CustomerItem), [dict(zip(ITEM_COLUMNS, r, strict=True)) for r in batch.items])


def next_seed(db: Database) -> int:
    """A seed that makes customers other than the ones already there (seeding twice adds)."""
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0) + 1


@contextmanager
def _bulk_load(db: Database) -> Iterator[None]:
    """Into empty PostgreSQL tables, load first and build the phone and item tables' indexes
    and foreign keys after: one sort per index instead of a million insertions and checks."""
    with db.reading() as session:
        empty = session.scalar(select(func.count()).select_from(Customer)) == 0
    if db.sqlite or not empty:
        yield
        return
    tables = (Base.metadata.tables["customer_phones"], Base.metadata.tables["customer_items"])
    with db.engine.begin() as connection:
        for table in tables:
            for constraint in table.foreign_key_constraints:
                connection.execute(DropConstraint(constraint))
            for index in table.indexes:
                index.drop(connection)
    try:
        yield
    finally:
        with db.engine.begin() as connection:
            for table in tables:
                for index in table.indexes:
                    index.create(connection)
                for constraint in table.foreign_key_constraints:
                    connection.execute(AddConstraint(constraint))


def seed_customers(db: Database, count: int, seed: int = 1,
                   progress: Callable[[int], None] | None = None) -> int:
    done = 0
    with _bulk_load(db):
        for batch in generate(count, seed=seed):
            if db.sqlite:
                _write_sqlite(db, batch)
            else:
                _write_postgres(db.engine, batch)
            done += len(batch.customers)
            if progress:
                progress(done)
    return done


def seed_demo(db: Database, keys: ServerKeys, password: str | None, sip_domain: str = "127.0.0.1") -> str | None:
    """Teams, users (with SIP accounts), the catalog, two well-known customers sharing a
    Greek number and a small campaign. Returns the demo users' password (made up if not
    given), or None when they existed already (nothing to tell)."""
    password = password or secrets.token_urlsafe(12)
    created = 0
    with db.writing() as session:
        ensure_catalog(session)
        for team in ("support", "sales"):
            upsert_team(session, TeamIn(name=team))
        for username, role, teams, ext in DEMO_USERS:
            if session.scalars(select(User).where(User.username == username)).first() is not None:
                continue
            sip = SipAccountIn(username=ext, domain=sip_domain, password=secrets.token_urlsafe(9),
                               registrar=f"sip:{sip_domain}", extension=ext) if ext else None
            create_user(session, keys, UserIn(username=username, password=password, role=role,
                                              display_name=username.capitalize(), teams=teams, sip_account=sip))
            created += 1
        if session.get(Customer, "demo-gr-1") is None:
            for cid, name, company in (("demo-gr-1", "Γιώργος Παπαδόπουλος", "Aegean Logistics S.A."),
                                       ("demo-gr-2", "Ελένη Παπαδοπούλου", "Aegean Logistics S.A.")):
                session.add(Customer(id=cid, name=name, company=company, tier="gold", language="el"))
                session.flush()
                session.add(CustomerPhone(customer_id=cid, number_e164="+302101234567", label="work"))
            session.add(CustomerItem(customer_id="demo-gr-1", kind="ticket", reference="T-0000001",
                                     title="Delivery delayed"))
            sup = session.scalars(select(User).where(User.username == "sup2")).one()
            create_campaign(session, sup, CampaignIn(name="Renewals", team="sales", contacts=[
                ContactIn(phone="+302101234567", name="Aegean Logistics", customer_id="demo-gr-1"),
                ContactIn(phone="+14155550123", name="Prospect")]), "US")
    return password if created else None
