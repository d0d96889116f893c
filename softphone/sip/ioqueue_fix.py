"""Make PJSIP refuse a new socket, not abort the engine, when its ioqueue has no free slot.

The PyPI pjsua2 wheel is built without NDEBUG. ``pj_ioqueue_register_sock2`` (pjlib's
ioqueue_select.c) asserts ``!pj_list_empty(&ioqueue->free_list)`` and then handles that very
case (``rc = PJ_ETOOMANY``); but ``__assert_fail`` is ``noreturn``, so the compiler dropped the
handling and the assertion aborts the process. A closed socket's slot only comes back 500 ms
later (PJ_IOQUEUE_KEY_FREE_DELAY) and the select ioqueue has 64 slots, so about sixty TCP
connections opened and closed within half a second abort the media engine, and every call with
it: a SIP scanner, our fuzz run, or responses to UDP requests whose Via says TCP (upstream:
pjsip/pjproject issues 2617 and 4935).

The fix redirects that one conditional jump from the assertion to the function's own
PJ_ETOOMANY exit (the ``count >= max`` branch): the behaviour of a release build, where PJSIP
refuses the connection and goes on. It is applied in memory to the loaded library before the
endpoint starts, and only where every checked byte is exactly that of a known build; anything
else is left alone and reported. Linux x86-64 only (the Windows wheel is an MSVC release build).
"""

from __future__ import annotations

import ctypes
import enum
import importlib
import logging
import platform
import sys
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

SYMBOL = "pj_ioqueue_register_sock2"
_lock = threading.Lock()


class FixStatus(enum.Enum):
    APPLIED = "applied"
    ALREADY_APPLIED = "already applied"
    UNKNOWN_BUILD = "unknown pjsua2 build: left unpatched"
    UNSUPPORTED_PLATFORM = "not needed or not supported on this platform"
    FAILED = "could not write the fix"


@dataclass(frozen=True)
class KnownBuild:
    """Where the jump to the assertion sits in one build of ``pj_ioqueue_register_sock2``."""

    name: str
    jump_offset: int  # of the ``je rel32`` taken when the free list is empty
    original: bytes  # je -> the __assert_fail block
    patched: bytes  # je -> the PJ_ETOOMANY exit
    context: tuple[tuple[int, bytes], ...]  # other bytes that must match, so a lookalike is never touched


PJSUA2_PYTHON_2_15_1_POST1 = KnownBuild(
    name="pjsua2-python 2.15.1.post1 manylinux x86_64",
    jump_offset=0x8A,
    original=bytes.fromhex("0f8406020000"),  # je +0x206 (-> assertion, line 386)
    patched=bytes.fromhex("0f84c0000000"),  # je +0xc0 (-> mov r13d, PJ_ETOOMANY; jmp unlock and return)
    context=(
        (0x80, bytes.fromhex("488d8348090000" "4939c7")),  # lea rax, [rbx+free_list]; cmp rax, r15
        (0x150, bytes.fromhex("41bd7a110100" "ebcd")),  # mov r13d, 70010 (PJ_ETOOMANY); jmp on_return
        (0x29D, bytes.fromhex("ba82010000")),  # mov edx, 386: the assertion's line
    ),
)
KNOWN_BUILDS = (PJSUA2_PYTHON_2_15_1_POST1,)
SPAN = 0x2A2  # bytes of the function that the checks above cover


def plan(code: bytes, builds: tuple[KnownBuild, ...] = KNOWN_BUILDS) -> tuple[FixStatus, KnownBuild | None]:
    """Which build ``code`` (the function's first SPAN bytes) is, and whether it still needs the fix."""
    for build in builds:
        if not all(code[at:at + len(expected)] == expected for at, expected in build.context):
            continue
        jump = code[build.jump_offset:build.jump_offset + len(build.original)]
        if jump == build.original:
            return FixStatus.APPLIED, build
        if jump == build.patched:
            return FixStatus.ALREADY_APPLIED, build
    return FixStatus.UNKNOWN_BUILD, None


def _function_address() -> int | None:
    try:  # the pjsua2 package loads its bindings lazily
        importlib.import_module("pjsua2.pjsua2")
    except ImportError:
        return None
    module = sys.modules.get("pjsua2._pjsua2") or sys.modules.get("_pjsua2")
    path = getattr(module, "__file__", None)
    if not path:
        return None
    try:
        library = ctypes.CDLL(path)  # the already loaded copy: dlopen only counts a reference
        return ctypes.cast(getattr(library, SYMBOL), ctypes.c_void_p).value
    except (OSError, AttributeError):
        return None


def _write_code(address: int, data: bytes) -> bool:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.mprotect.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)
    page_size = 4096
    start = address & ~(page_size - 1)
    length = (address + len(data)) - start
    read, write, execute = 1, 2, 4
    if libc.mprotect(start, length, read | write | execute) != 0:
        log.warning("mprotect refused (errno %d): PJSIP ioqueue fix not applied", ctypes.get_errno())
        return False
    ctypes.memmove(address, data, len(data))
    if libc.mprotect(start, length, read | execute) != 0:
        log.warning("could not make the patched page read-only again (errno %d)", ctypes.get_errno())
    return True


def apply() -> FixStatus:
    """Fix the loaded pjsua2 library; call after ``import pjsua2`` and before ``libCreate``
    (no PJSIP thread may be running). Safe to call again."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return FixStatus.UNSUPPORTED_PLATFORM
    with _lock:
        return _apply_once()


def _apply_once() -> FixStatus:
    address = _function_address()
    if address is None:
        log.warning("PJSIP ioqueue fix: %s not found in the loaded pjsua2", SYMBOL)
        return FixStatus.UNKNOWN_BUILD
    status, build = plan(ctypes.string_at(address, SPAN))
    if status is FixStatus.APPLIED and build is not None:
        if not _write_code(address + build.jump_offset, build.patched):
            return FixStatus.FAILED
        check, _ = plan(ctypes.string_at(address, SPAN))
        if check is not FixStatus.ALREADY_APPLIED:
            return FixStatus.FAILED
        log.info("PJSIP ioqueue fix applied (%s)", build.name)
    elif status is FixStatus.UNKNOWN_BUILD:
        log.warning("PJSIP ioqueue fix: unknown pjsua2 build, left unpatched (a flood of TCP "
                    "connections can abort the media engine)")
    return status
