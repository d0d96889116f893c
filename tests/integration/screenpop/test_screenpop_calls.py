"""Screen-pop on real calls: a caller (our engine in its own process) calls the agent through
Kamailio with P-Asserted-Identity and X-Customer-Id; the agent's engine rings at once and the
card's data arrives from the stand-in lookup server (a real HTTP server in its own process)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.agent.notes import NotesAutosave
from softphone.agent.workflow import AgentWorkflow, StateReport
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.agent_state import AgentPolicy
from softphone.domain.app_events import (
    AgentStateChanged,
    CustomerFound,
    CustomerLookupFailed,
    CustomerLookupStarted,
    CustomerNotFound,
    DispositionSaved,
)
from softphone.domain.messages import Event
from softphone.domain.values import AgentState
from softphone.screenpop.identity import caller_identity
from tests.integration.screenpop.conftest import CALLER_NAME, AgentPhone, start_screenpop
from tests.integration.screenpop.lookup_server import LookupProcess
from tests.support.kamailio import Kamailio
from tests.support.peer import EnginePeer

pytestmark = pytest.mark.integration

OUTCOMES = (CustomerFound, CustomerNotFound, CustomerLookupFailed)


def pai(number: str, name: str = "") -> tuple[str, str]:
    shown = f'"{name}" ' if name else ""
    return ("P-Asserted-Identity", f"{shown}<sip:{number}@carrier.example>")


class Call:
    def __init__(self, caller: EnginePeer, agent: AgentPhone, headers: tuple[tuple[str, str], ...]) -> None:
        self.caller, self.agent = caller, agent
        self.caller_call_id = str(uuid.uuid4())
        self.mark = agent.events.mark()
        self.caller_mark = caller.events.mark()
        caller.send(c.Dial(account_id="customer", target="agent1", call_id=self.caller_call_id, headers=headers))
        self.rang = agent.events.wait_for(ev.IncomingCallRang, timeout=10, after=self.mark)
        self.call_id = self.rang.call_id

    def outcome(self, timeout: float = 10) -> Event:
        return self.agent.events.wait_for(Event, lambda e: isinstance(e, OUTCOMES) and e.call_id == self.call_id,
                                          timeout=timeout, after=self.mark)

    def index(self, event: Event) -> int:
        return self.agent.events.events.index(event)

    def reject(self) -> None:
        self.agent.engine.submit(c.Reject(call_id=self.call_id))
        self.ended()

    def ended(self) -> None:
        self.agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == self.call_id, timeout=10, after=self.mark)
        self.caller.events.wait_for(ev.CallEnded, lambda e: e.call_id == self.caller_call_id, timeout=10,
                                    after=self.caller_mark)


@pytest.fixture
def screenpop(agent: AgentPhone, lookup_server: LookupProcess) -> Iterator[LookupProcess]:
    service = start_screenpop(agent, lookup_server.base_url)
    yield lookup_server
    service.stop()


def test_ivr_customer_id_finds_the_customer_and_the_agent_state_follows_the_call(
        kamailio: Kamailio, caller: EnginePeer, agent: AgentPhone, screenpop: LookupProcess, tmp_path: Path) -> None:
    reports: list[StateReport] = []
    workflow = AgentWorkflow(agent.hub, AgentPolicy(wrap_up_seconds=0, may_take_call_before_disposition=False),
                             report=reports.append, notes=NotesAutosave(tmp_path / "notes"))
    workflow.start()
    try:
        workflow.set_ready()
        call = Call(caller, agent, (pai("+302101234567"), ("X-Customer-Id", "C-1001")))
        assert call.rang.remote.header("X-Customer-Id") == "C-1001"
        found = call.outcome()
        assert isinstance(found, CustomerFound), found
        assert [(m.customer_id, m.name, m.tier) for m in found.matches] == [("C-1001", "Μαρία Κωνσταντίνου", "gold")]
        assert found.matches[0].summary == "Note: VIP"
        started = agent.events.wait_for(CustomerLookupStarted, after=call.mark)
        assert (started.customer_id, started.number_e164) == ("C-1001", "+302101234567")
        assert screenpop.requests_seen() == ["/api/v1/customers/C-1001"]  # the IVR's id wins over the number
        agent.engine.submit(c.Answer(call_id=call.call_id))
        agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == call.call_id, after=call.mark)
        workflow.type_notes(call.call_id, "Ζητά αλλαγή πακέτου", "C-1001")
        assert workflow.flush()
        assert workflow.notes.load(call.call_id) is not None
        caller.send(c.Hangup(call_id=call.caller_call_id))
        call.ended()
        assert workflow.flush()
        assert not workflow.can_answer()
        agent.hub.publish(DispositionSaved(call_id=call.call_id, disposition_id="d-1", code="info"))  # the store
        assert workflow.flush()
        history = [(e.state, e.call_id) for e in agent.events.of_type(AgentStateChanged)]
        assert history == [(AgentState.READY, None), (AgentState.RINGING, call.call_id),
                           (AgentState.ON_CALL, call.call_id), (AgentState.WRAP_UP, call.call_id),
                           (AgentState.READY, None)]
        assert [r.state for r in reports] == [s for s, _ in history]
        assert workflow.notes.load(call.call_id) is None
    finally:
        workflow.stop()


def test_p_asserted_number_finds_the_customer(caller: EnginePeer, agent: AgentPhone,
                                              screenpop: LookupProcess) -> None:
    call = Call(caller, agent, (pai("+302101234567"),))
    assert call.rang.remote.user == "+302101234567"  # From says "customer": P-Asserted-Identity wins
    found = call.outcome()
    assert isinstance(found, CustomerFound), found
    assert [m.customer_id for m in found.matches] == ["C-2001"]
    assert screenpop.requests_seen() == ["/api/v1/customers/lookup?phone=%2B302101234567"]
    call.reject()


def test_two_customers_share_the_number(caller: EnginePeer, agent: AgentPhone, screenpop: LookupProcess) -> None:
    call = Call(caller, agent, (pai("2105555555"),))  # national format: the default region makes it E.164
    found = call.outcome()
    assert isinstance(found, CustomerFound), found
    assert [m.customer_id for m in found.matches] == ["C-3001", "C-3002"]
    call.reject()


def test_unknown_number_is_not_found(caller: EnginePeer, agent: AgentPhone, screenpop: LookupProcess) -> None:
    call = Call(caller, agent, (pai("+302108888888"),))
    outcome = call.outcome()
    assert outcome == CustomerNotFound(call_id=call.call_id, number_e164="+302108888888", withheld=False)
    call.reject()


def test_greek_display_name_in_utf8(caller: EnginePeer, agent: AgentPhone, screenpop: LookupProcess) -> None:
    call = Call(caller, agent, (pai("+302101234567", CALLER_NAME),))
    assert call.rang.remote.display_name == CALLER_NAME
    assert CALLER_NAME in call.rang.remote.from_header  # the account's display name in From, UTF-8 too
    assert caller_identity(call.rang.remote, default_region="GR").display_name == CALLER_NAME
    found = call.outcome()
    assert isinstance(found, CustomerFound) and found.matches[0].name == "Γιώργος Παπαδόπουλος"
    call.reject()


def test_server_stopped_rings_at_once_and_says_unreachable(caller: EnginePeer, agent: AgentPhone,
                                                           lookup_server: LookupProcess) -> None:
    lookup_server.stop()
    service = start_screenpop(agent, lookup_server.base_url)
    try:
        call = Call(caller, agent, (pai("+302101234567"),))
        failed = call.outcome()
        assert failed == CustomerLookupFailed(call_id=call.call_id, reason="server unreachable")
        assert call.index(call.rang) < call.index(failed)
        agent.engine.submit(c.Answer(call_id=call.call_id))  # answering is never blocked
        agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == call.call_id, after=call.mark)
        agent.engine.submit(c.Hangup(call_id=call.call_id))
        call.ended()
    finally:
        service.stop()


def test_server_taking_10_s_times_out_and_the_call_is_answered_meanwhile(
        caller: EnginePeer, agent: AgentPhone, customers_db: Path) -> None:
    slow = LookupProcess(customers_db, "test-token", delay_s=10.0).start()
    service = start_screenpop(agent, slow.base_url)
    try:
        call = Call(caller, agent, (pai("+302101234567"),))
        agent.engine.submit(c.Answer(call_id=call.call_id))
        answered = agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == call.call_id, after=call.mark)
        failed = call.outcome(timeout=8)
        assert failed == CustomerLookupFailed(call_id=call.call_id, reason="timed out")
        assert call.index(answered) < call.index(failed)
        assert 1.3 < failed.at - call.rang.at < 4.0, failed.at - call.rang.at  # 1.5 s hard timeout
        assert slow.requests_seen() == ["/api/v1/customers/lookup?phone=%2B302101234567"]
        agent.engine.submit(c.Hangup(call_id=call.call_id))
        call.ended()
    finally:
        service.stop()
        slow.stop()


def test_second_ring_from_the_same_number_is_served_from_the_cache(caller: EnginePeer, agent: AgentPhone,
                                                                   screenpop: LookupProcess) -> None:
    first = Call(caller, agent, (pai("+302101234567"),))
    assert isinstance(first.outcome(), CustomerFound)
    first.reject()
    time.sleep(0.2)
    second = Call(caller, agent, (pai("+302101234567"),))
    found = second.outcome()
    assert isinstance(found, CustomerFound) and found.at - second.rang.at < 0.5
    assert len(screenpop.requests_seen()) == 1
    second.reject()


def test_dialing_a_number_pops_the_same_card(agent: AgentPhone, screenpop: LookupProcess) -> None:
    mark = agent.events.mark()
    agent.engine.submit(c.Dial(account_id="agent1", target="+302105555555", call_id="out-1"))
    started = agent.events.wait_for(ev.OutgoingCallStarted, lambda e: e.call_id == "out-1", after=mark)
    found = agent.events.wait_for(CustomerFound, lambda e: e.call_id == "out-1", after=mark)
    assert [m.customer_id for m in found.matches] == ["C-3001", "C-3002"]
    assert found.at - started.at < 2.0
    agent.engine.submit(c.Hangup(call_id="out-1"))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == "out-1", after=mark)
