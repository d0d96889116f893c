"""The writes the softphone's outbox sends: interactions, dispositions, notes, agent states.

``RecordWriter`` applies one item or a whole batch inside the caller's write transaction:

- ``load`` reads every row the items touch with one query per table (locked with
  ``FOR UPDATE`` on PostgreSQL; SQLite writers hold the database lock) and the active
  disposition codes among them;
- ``apply`` decides one item against that in-memory copy, in order, exactly as the rules
  below say, and returns its response body; a refusal (409 another agent's id, 422 unknown
  code) raises ApiError *before* touching the copy, so the batch's other items still apply;
- ``flush`` writes the copy back: per table one INSERT for the new rows and one UPDATE for
  the changed ones (executemany, Core statements, no ORM unit of work).

A row that another transaction inserts between ``load`` and ``flush`` (PostgreSQL only)
makes the INSERT fail with IntegrityError: the caller rolls back and tries again, and then
finds (and locks) that row.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from server.config_store import current_config
from server.errors import ApiError
from server.models import AgentStateEvent, Base, Disposition, DispositionCode, Interaction, Note, User
from server.phone import to_e164
from server.schemas import AgentStateIn, DispositionIn, InteractionIn, NoteIn
from server.serialize import disposition_out, interaction_out, note_out
from server.timeutil import iso_z, utcnow

CALL_STATES = frozenset({"ringing", "on_call", "wrap_up"})
USER_STATE_COLUMNS = ("id", "state", "state_reason", "state_at", "current_call_id", "call_answered_at")


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


class TableCopy:
    """The rows of one table that a batch touches, by primary key, and which of them to write back."""

    def __init__(self, table: Table, key: str, columns: Sequence[str] | None = None) -> None:
        self.table = table
        self.key = key
        self.columns = tuple(columns or (column.name for column in table.columns))
        self.rows: dict[Any, SimpleNamespace] = {}
        self._new: dict[Any, None] = {}  # insertion order: a disposition's stub interaction is inserted first
        self._changed: dict[Any, None] = {}

    def load(self, connection: Connection, keys: Collection[Any]) -> None:
        if not keys:
            return
        key_column = self.table.c[self.key]
        query = (select(*(self.table.c[name] for name in self.columns)).where(key_column.in_(sorted(keys)))
                 .order_by(key_column).with_for_update())  # the same lock order in every transaction
        for row in connection.execute(query):
            values = row._asdict()
            self.rows[values[self.key]] = SimpleNamespace(**values)

    def get(self, key: Any) -> SimpleNamespace | None:
        return self.rows.get(key)

    def add(self, values: dict[str, Any]) -> SimpleNamespace:
        row = SimpleNamespace(**{name: None for name in self.columns})
        vars(row).update(values)
        self.rows[values[self.key]] = row
        self._new[values[self.key]] = None
        return row

    def change(self, row: SimpleNamespace, values: dict[str, Any]) -> None:
        vars(row).update(values)
        key = getattr(row, self.key)
        if key not in self._new:
            self._changed[key] = None

    def write(self, connection: Connection) -> None:
        if self._new:
            connection.execute(insert(self.table), [vars(self.rows[key]) for key in self._new])
        if self._changed:
            # SET every loaded column but the key, from each parameter set
            statement = update(self.table).where(self.table.c[self.key] == bindparam("row_key"))
            connection.execute(statement, [
                {**{name: value for name, value in vars(self.rows[key]).items() if name != self.key}, "row_key": key}
                for key in self._changed])
        self._new.clear()
        self._changed.clear()


class RecordWriter:
    """Applies one agent's outbox writes in the caller's transaction: ``load``, ``apply`` each, ``flush``."""

    def __init__(self, session: Session, user_id: int, now: datetime | None = None) -> None:
        self.session = session
        self.user_id = user_id
        self.now = now or utcnow()
        self.interactions = TableCopy(table_of(Interaction), "call_id")
        self.dispositions = TableCopy(table_of(Disposition), "disposition_id")
        self.notes = TableCopy(table_of(Note), "note_id")
        self.users = TableCopy(table_of(User), "id", USER_STATE_COLUMNS)
        self._active_codes: set[str] = set()
        self._region = ""
        self._events: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (row, response awaiting its id)
        self._appliers: dict[type[BaseModel], Callable[[Any], dict[str, Any]]] = {
            InteractionIn: self._interaction, DispositionIn: self._disposition, NoteIn: self._note,
            AgentStateIn: self._agent_state,
        }

    def load(self, bodies: Sequence[BaseModel]) -> None:
        """Read (and lock) what the items will look at: a few queries for the whole batch."""
        connection = self.session.connection()
        interactions = [b for b in bodies if isinstance(b, InteractionIn)]
        dispositions = [b for b in bodies if isinstance(b, DispositionIn)]
        self.interactions.load(connection, {b.call_id for b in interactions} | {b.call_id for b in dispositions})
        self.dispositions.load(connection, {b.disposition_id for b in dispositions})
        self.notes.load(connection, {b.note_id for b in bodies if isinstance(b, NoteIn)})
        if any(isinstance(b, AgentStateIn) for b in bodies):
            self.users.load(connection, {self.user_id})
        codes = {b.code for b in dispositions}
        if codes:
            code_table = table_of(DispositionCode)
            self._active_codes = set(connection.scalars(select(code_table.c.code).where(
                code_table.c.code.in_(sorted(codes)), code_table.c.active.is_(True))))
        if interactions:
            self._region = str(current_config(self.session)["default_region"])

    def apply(self, body: BaseModel) -> dict[str, Any]:
        """The item's response body; ApiError when refused (nothing of it is then written)."""
        return self._appliers[type(body)](body)

    def flush(self) -> None:
        """Write every applied item; agent-state responses get their event ids here."""
        connection = self.session.connection()
        for copy in (self.interactions, self.dispositions, self.notes, self.users):  # interactions first: FKs
            copy.write(connection)
        if self._events:
            events = table_of(AgentStateEvent)
            statement = insert(events).returning(events.c.id, sort_by_parameter_order=True)
            ids = connection.scalars(statement, [row for row, _response in self._events]).all()
            for event_id, (_row, response) in zip(ids, self._events, strict=True):
                response["id"] = event_id
            self._events.clear()

    # ---- the rules, one item at a time ---------------------------------------------------------
    def _interaction(self, body: InteractionIn) -> dict[str, Any]:
        row = self.interactions.get(body.call_id)
        if row is not None and row.agent_id not in (None, self.user_id) and not row.is_stub:
            raise ApiError(409, "this call_id belongs to another agent's interaction")
        fields: dict[str, Any] = {
            "direction": body.direction, "remote_number": body.remote_number,
            "remote_e164": to_e164(body.remote_number, self._region) if body.remote_number else None,
            "remote_name": body.remote_name, "account": body.account, "queue": body.queue,
            "offered_at": body.offered_at, "answered_at": body.answered_at, "ended_at": body.ended_at,
            "duration_s": body.duration_s, "end_reason": body.end_reason, "is_stub": False, "updated_at": self.now,
        }
        if row is None:
            row = self.interactions.add({"call_id": body.call_id, "agent_id": self.user_id,
                                         "customer_id": body.customer_id, "created_at": self.now, **fields})
        else:
            if body.customer_id:
                fields["customer_id"] = body.customer_id
            self.interactions.change(row, {**fields, "agent_id": row.agent_id or self.user_id})
        return interaction_out(row)

    def _stub_interaction(self, call_id: str) -> SimpleNamespace:
        """Dispositions are never refused because their interaction has not arrived yet: make a stub."""
        return self.interactions.add({
            "call_id": call_id, "agent_id": self.user_id, "is_stub": True, "direction": "inbound",
            "remote_number": "", "remote_name": "", "account": "", "queue": "", "duration_s": 0.0,
            "end_reason": "", "created_at": self.now, "updated_at": self.now})

    def _disposition(self, body: DispositionIn) -> dict[str, Any]:
        if body.code not in self._active_codes:
            raise ApiError(422, f"unknown disposition code {body.code!r}")
        row = self.dispositions.get(body.disposition_id)
        if row is not None and row.agent_id != self.user_id:
            raise ApiError(409, "this disposition_id belongs to another agent")
        interaction = self.interactions.get(body.call_id) or self._stub_interaction(body.call_id)
        if body.customer_id and not interaction.customer_id:
            self.interactions.change(interaction, {"customer_id": body.customer_id})
        fields: dict[str, Any] = {"call_id": body.call_id, "code": body.code, "notes": body.notes,
                                  "follow_up_at": body.follow_up_at, "customer_id": body.customer_id,
                                  "saved_at": body.saved_at, "updated_at": self.now}
        if row is None:
            row = self.dispositions.add({"disposition_id": body.disposition_id, "agent_id": self.user_id,
                                         "created_at": self.now, **fields})
        else:
            self.dispositions.change(row, fields)
        return disposition_out(row)

    def _note(self, body: NoteIn) -> dict[str, Any]:
        row = self.notes.get(body.note_id)
        if row is not None and row.agent_id != self.user_id:
            raise ApiError(409, "this note_id belongs to another agent")
        fields: dict[str, Any] = {"customer_id": body.customer_id, "call_id": body.call_id, "text": body.text,
                                  "saved_at": body.saved_at, "updated_at": self.now}
        if row is None:
            row = self.notes.add({"note_id": body.note_id, "agent_id": self.user_id, "created_at": self.now,
                                  **fields})
        else:
            self.notes.change(row, fields)
        return note_out(row)

    def _agent_state(self, body: AgentStateIn) -> dict[str, Any]:
        user = self.users.get(self.user_id)
        if user is None:  # deleted while its token was still cached: fail the request (500), keep the item
            raise LookupError(f"user {self.user_id} no longer exists")
        # the outbox may deliver old states late (after an offline spell): only a newer one is current
        current = user.state_at is None or body.at >= user.state_at
        if current:
            call_id = body.call_id if body.state in CALL_STATES else None
            answered_at = user.call_answered_at if call_id == user.current_call_id else None
            if body.state == "on_call" and answered_at is None:
                answered_at = body.at  # the call's duration counts from here, through wrap-up
            self.users.change(user, {"state": body.state, "state_reason": body.reason, "state_at": body.at,
                                     "current_call_id": call_id, "call_answered_at": answered_at})
        response: dict[str, Any] = {"id": None, "state": body.state, "reason": body.reason, "at": iso_z(body.at),
                                    "call_id": body.call_id, "current": current}
        self._events.append(({"user_id": self.user_id, "state": body.state, "reason": body.reason, "at": body.at,
                              "call_id": body.call_id, "created_at": self.now}, response))
        return response
