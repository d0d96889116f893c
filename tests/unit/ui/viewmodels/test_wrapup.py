"""WrapUpModel: the form says "saved" only after DispositionSaved (no Qt)."""

from __future__ import annotations

import pytest

from softphone.domain.app_events import AgentStateChanged, DispositionSaved, StoreFailed
from softphone.domain.commands import SaveDisposition
from softphone.domain.values import AgentState
from softphone.domain.views import DispositionOption
from ui.viewmodels.wrapup import WrapUpModel, WrapUpPhase, WrapUpProblem, filter_dispositions

SALE = DispositionOption("SALE", "Sale")
COMPLAINT = DispositionOption("COMPLAINT", "Complaint", requires_note=True)
CALLBACK = DispositionOption("CALLBACK", "Call back later", requires_follow_up=True)


def test_save_waits_for_the_store_then_moves_on() -> None:
    model = WrapUpModel()
    model.start("c1", "Maria", deadline=160.0)
    model.start("c2", "Bob", deadline=None)
    model.start("c1", "Maria", deadline=999.0)  # duplicate ignored
    assert [w.call_id for w in model.queue] == ["c1", "c2"]
    assert model.current is not None and model.current.remaining(100.0) == 60.0
    command = model.save(SALE, "  happy customer ", None)
    assert command == SaveDisposition(call_id="c1", code="SALE", notes="happy customer", follow_up_at=None)
    assert model.current.phase is WrapUpPhase.SAVING
    with pytest.raises(RuntimeError):
        model.save(SALE, "", None)  # no double submit
    assert not model.apply(DispositionSaved(call_id="other", disposition_id="d0", code="SALE"))
    assert model.apply(DispositionSaved(call_id="c1", disposition_id="d1", code="SALE"))
    assert model.current.phase is WrapUpPhase.SAVED
    model.done()
    assert model.current is not None and model.current.call_id == "c2"


def test_store_failure_keeps_the_form_for_another_try() -> None:
    model = WrapUpModel()
    model.start("c1", "Maria", None)
    assert not model.apply(StoreFailed(operation="save_disposition", reason="disk full"))  # not saving yet
    model.save(SALE, "", None)
    assert model.apply(StoreFailed(operation="save_disposition", reason="disk full"))
    current = model.current
    assert current is not None and current.phase is WrapUpPhase.FAILED and current.error == "disk full"
    model.done()  # not saved: stays
    assert model.current is current
    assert isinstance(model.save(SALE, "", None), SaveDisposition)


def test_validation() -> None:
    model = WrapUpModel()
    model.start("c1", "Maria", None)
    assert model.save(None, "", None) is WrapUpProblem.NO_DISPOSITION
    assert model.save(COMPLAINT, "  ", None) is WrapUpProblem.NOTE_REQUIRED
    assert model.save(CALLBACK, "", None) is WrapUpProblem.FOLLOW_UP_REQUIRED
    assert model.current is not None and model.current.phase is WrapUpPhase.EDITING
    assert isinstance(model.save(CALLBACK, "", 1_800_000_000.0), SaveDisposition)


def test_agent_state_sets_the_deadline_and_customer() -> None:
    model = WrapUpModel()
    model.start("c1", "Maria", None)
    assert model.apply(AgentStateChanged(state=AgentState.WRAP_UP, call_id="c1", wrap_up_deadline=50.0))
    assert model.current is not None and model.current.remaining(20.0) == 30.0
    model.set_customer("c1", "cust-9")
    assert model.current.customer_id == "cust-9"


def test_filter_dispositions() -> None:
    catalog = (SALE, COMPLAINT, CALLBACK)
    assert filter_dispositions(catalog, "") == list(catalog)
    assert filter_dispositions(catalog, "back") == [CALLBACK]
    assert filter_dispositions(catalog, "sale") == [SALE]
    assert filter_dispositions(catalog, "zzz") == []
