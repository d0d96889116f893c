"""The ioqueue fix only ever touches the exact bytes of a build it knows."""

from __future__ import annotations

from softphone.sip.ioqueue_fix import PJSUA2_PYTHON_2_15_1_POST1 as KNOWN
from softphone.sip.ioqueue_fix import SPAN, FixStatus, KnownBuild, plan


def function_bytes(build: KnownBuild, jump: bytes) -> bytes:
    code = bytearray(b"\x90" * SPAN)
    for at, expected in build.context:
        code[at:at + len(expected)] = expected
    code[build.jump_offset:build.jump_offset + len(jump)] = jump
    return bytes(code)


def test_the_known_build_needs_the_fix() -> None:
    assert plan(function_bytes(KNOWN, KNOWN.original)) == (FixStatus.APPLIED, KNOWN)


def test_an_already_fixed_function_is_recognised() -> None:
    assert plan(function_bytes(KNOWN, KNOWN.patched)) == (FixStatus.ALREADY_APPLIED, KNOWN)


def test_a_different_jump_is_left_alone() -> None:
    assert plan(function_bytes(KNOWN, bytes.fromhex("0f8410020000"))) == (FixStatus.UNKNOWN_BUILD, None)


def test_any_changed_context_byte_means_unknown_build() -> None:
    for at, expected in KNOWN.context:
        for index in range(len(expected)):
            code = bytearray(function_bytes(KNOWN, KNOWN.original))
            code[at + index] ^= 0xFF
            assert plan(bytes(code))[0] is FixStatus.UNKNOWN_BUILD, (hex(at), index)


def test_the_patched_jump_lands_on_the_etoomany_exit() -> None:
    # je rel32: target = offset of the next instruction + rel32
    def target(jump: bytes) -> int:
        return KNOWN.jump_offset + len(jump) + int.from_bytes(jump[2:], "little", signed=True)

    etoomany_exit = next(at for at, expected in KNOWN.context if expected.startswith(bytes.fromhex("41bd7a110100")))
    assert target(KNOWN.patched) == etoomany_exit
    assert target(KNOWN.original) == 0x296  # the __assert_fail block
    assert int.from_bytes(bytes.fromhex("7a110100"), "little") == 70010  # PJ_ETOOMANY
