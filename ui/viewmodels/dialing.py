"""Dial strings: paste cleanup, vanity letters, and tel:/sip:/callto: links handed to the app."""

from __future__ import annotations

import re
import unicodedata

_KEYPAD = {c: d for d, letters in {"2": "abc", "3": "def", "4": "ghi", "5": "jkl", "6": "mno",
                                    "7": "pqrs", "8": "tuv", "9": "wxyz"}.items() for c in letters}
_SCHEMES = ("tel:", "sip:", "sips:", "callto:")
DIAL_CHARS = frozenset("0123456789*#+")
_SIP_USER = re.compile(r"[A-Za-z][A-Za-z0-9._-]*")


def _ascii_digit(ch: str) -> str:
    """Fullwidth and other Unicode decimal digits become ASCII ones."""
    if ch.isdigit() and not ch.isascii():
        try:
            return str(unicodedata.decimal(ch))
        except ValueError:
            return ""
    return ch


def clean_number(text: str) -> str:
    """Turn pasted text into something to dial.

    SIP addresses stay addresses (``bob@host`` becomes ``sip:bob@host``); phone numbers lose
    spaces, dashes, dots, brackets and invisible characters, keep a leading ``+`` and ``*``/``#``,
    and vanity letters become keypad digits (``1-800-FLOWERS`` -> ``18003569377``). Text without
    digits is a SIP user name (``alice``) or nothing dialable (``hello?`` -> ``""``).
    """
    text = unicodedata.normalize("NFKC", text).strip().strip("<>\"'")
    lower = text.lower()
    if lower.startswith(("sip:", "sips:")):
        return re.sub(r"\s+", "", text)
    if lower.startswith("callto:"):
        text = text[len("callto:"):].lstrip("/")
        lower = text.lower()
    if lower.startswith("tel:"):
        text = text[len("tel:"):].split(";", 1)[0]
    text = re.sub(r"\s+", "", text)
    if "@" in text:
        return text if text.lower().startswith(("sip:", "sips:")) else f"sip:{text}"
    if not any(_ascii_digit(ch).isdigit() or ch in "*#" for ch in text):
        # no digits: a SIP user name ("alice", the account's dial plan adds the domain) or nothing
        return text if _SIP_USER.fullmatch(text) else ""
    out: list[str] = []
    for raw in text:
        ch = _ascii_digit(raw).lower()
        if ch == "+" and out:
            continue  # a plus only counts at the start
        if ch in DIAL_CHARS:
            out.append(ch)
        elif ch in _KEYPAD:
            out.append(_KEYPAD[ch])
    return "".join(out)


def handoff_target(arg: str) -> str | None:
    """The dial target of a ``tel:``/``sip:``/``sips:``/``callto:`` link, or None if it is not one."""
    lower = arg.strip().lower()
    if not lower.startswith(_SCHEMES):
        return None
    target = clean_number(arg)
    if not target or target.lower() in {"sip:", "sips:"}:
        return None
    return target


def is_dialable(target: str) -> bool:
    if target.lower().startswith(("sip:", "sips:")):
        return "@" in target or len(target) > 4
    return any(ch.isdigit() for ch in target) or target in {"*", "#"} or bool(_SIP_USER.fullmatch(target))
