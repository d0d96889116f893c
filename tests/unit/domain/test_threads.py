from __future__ import annotations

import threading

import pytest

from softphone.domain.threads import ThreadOwner, WrongThreadError, assert_thread


def run_in_thread(fn: object) -> BaseException | None:
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn()  # type: ignore[operator]
        except BaseException as exc:
            errors.append(exc)

    t = threading.Thread(target=target, name="intruder")
    t.start()
    t.join()
    return errors[0] if errors else None


def test_owner_thread_passes_and_others_fail() -> None:
    owner = ThreadOwner("pjsua2")
    owner.bind()
    assert_thread(owner)
    error = run_in_thread(lambda: assert_thread(owner))
    assert isinstance(error, WrongThreadError)
    assert "intruder" in str(error) and "pjsua2" in str(error)


def test_unbound_owner_rejects_everyone() -> None:
    owner = ThreadOwner("qt")
    with pytest.raises(WrongThreadError, match="no thread yet"):
        assert_thread(owner)


def test_second_thread_cannot_take_over() -> None:
    owner = ThreadOwner("pjsua2")
    owner.bind()
    error = run_in_thread(owner.bind)
    assert isinstance(error, WrongThreadError)
    owner.release()
    assert run_in_thread(owner.bind) is None
