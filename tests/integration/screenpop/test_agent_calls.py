"""The agent state follows real calls: call waiting, and a transfer the far end asks of us (REFER).
The caller is our engine in its own process, through Kamailio; the agent's engine runs in-process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from softphone.agent.notes import NotesAutosave
from softphone.agent.workflow import AgentWorkflow
from softphone.domain import commands as c
from softphone.domain import events as ev
from softphone.domain.agent_state import AgentPolicy, dispositions_due
from softphone.domain.app_events import AgentStateChanged
from softphone.domain.values import AgentState
from tests.integration.screenpop.conftest import AgentPhone
from tests.support.peer import EnginePeer

pytestmark = pytest.mark.integration
S = AgentState


@pytest.fixture
def workflow(agent: AgentPhone, tmp_path: Path) -> Iterator[AgentWorkflow]:
    flow = AgentWorkflow(agent.hub, AgentPolicy(wrap_up_seconds=0, may_take_call_before_disposition=True),
                         notes=NotesAutosave(tmp_path / "notes"))
    flow.start()
    flow.set_ready()
    yield flow
    flow.stop()


def history(agent: AgentPhone, workflow: AgentWorkflow, mark: int) -> list[tuple[AgentState, str | None]]:
    assert workflow.flush()
    return [(e.state, e.call_id) for e in agent.events.events[mark:] if isinstance(e, AgentStateChanged)]


def test_call_waiting(agent: AgentPhone, caller: EnginePeer, workflow: AgentWorkflow) -> None:
    workflow.flush()
    mark, caller_mark = agent.events.mark(), caller.events.mark()
    caller.send(c.Dial(account_id="customer", target="agent1", call_id="first"))
    one = agent.events.wait_for(ev.IncomingCallRang, after=mark)
    agent.engine.submit(c.Answer(call_id=one.call_id))
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == one.call_id, after=mark)
    caller.send(c.Dial(account_id="customer", target="agent1", call_id="second"))
    two = agent.events.wait_for(ev.IncomingCallRang, lambda e: e.call_id != one.call_id, after=mark)
    caller.send(c.Hangup(call_id="first"))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == one.call_id, after=mark)
    agent.engine.submit(c.Answer(call_id=two.call_id))
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == two.call_id, after=mark)
    agent.engine.submit(c.Hangup(call_id=two.call_id))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == two.call_id, after=mark)
    caller.events.wait_for(ev.CallEnded, lambda e: e.call_id == "second", after=caller_mark)
    assert history(agent, workflow, mark) == [
        (S.RINGING, one.call_id), (S.ON_CALL, one.call_id),  # the second ring does not change "on call"
        (S.RINGING, two.call_id), (S.ON_CALL, two.call_id), (S.WRAP_UP, two.call_id)]
    assert dispositions_due(workflow.snapshot) == (one.call_id, two.call_id)


def test_far_end_transfers_us_elsewhere(agent: AgentPhone, caller: EnginePeer, workflow: AgentWorkflow) -> None:
    workflow.flush()
    mark, caller_mark = agent.events.mark(), caller.events.mark()
    caller.send(c.Dial(account_id="customer", target="agent1", call_id="to-agent"))
    rang = agent.events.wait_for(ev.IncomingCallRang, after=mark)
    agent.engine.submit(c.Answer(call_id=rang.call_id))
    agent.events.wait_for(ev.CallMediaChanged, lambda e: e.call_id == rang.call_id and e.active, after=mark)
    caller.send(c.BlindTransfer(call_id="to-agent", target="customer"))  # REFER us back to the customer's AOR
    away = agent.events.wait_for(ev.CallTransferredAway, after=mark, timeout=10)
    back = caller.events.wait_for(ev.IncomingCallRang, after=caller_mark, timeout=10)
    caller.send(c.Answer(call_id=back.call_id))
    agent.events.wait_for(ev.CallAnswered, lambda e: e.call_id == away.new_call_id, after=mark, timeout=10)
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == rang.call_id, after=mark, timeout=15)
    agent.engine.submit(c.Hangup(call_id=away.new_call_id))
    agent.events.wait_for(ev.CallEnded, lambda e: e.call_id == away.new_call_id, after=mark)
    caller.events.wait_for(ev.CallEnded, lambda e: e.call_id == back.call_id, after=caller_mark)
    assert history(agent, workflow, mark) == [
        (S.RINGING, rang.call_id), (S.ON_CALL, rang.call_id), (S.ON_CALL, away.new_call_id),
        (S.WRAP_UP, away.new_call_id)]
    assert dispositions_due(workflow.snapshot) == (away.new_call_id,)  # one conversation, one disposition
