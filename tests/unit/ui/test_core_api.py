"""The in-memory core the widget tests use is a CoreApi (the protocol the composition root implements)."""

from __future__ import annotations

from softphone.domain.values import AccountSettings, Secret
from ui.core_api import CoreApi, CoreError
from ui.fake_core import FakeCore


def test_fake_core_implements_the_protocol_and_never_keeps_passwords_in_accounts() -> None:
    core = FakeCore()
    assert isinstance(core, CoreApi)
    core.save_account(AccountSettings("x", "u", "d", password=Secret("leak")), Secret("pw"))
    assert all(a.password is None for a in core.accounts())
    assert core.passwords["x"] == Secret("pw") and "pw" not in repr(core.passwords)


def test_core_error_carries_the_message_for_the_agent() -> None:
    assert str(CoreError("No secure password store")) == "No secure password store"
