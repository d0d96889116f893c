"""Phone numbers to E.164 (phonenumbers): the one form the customer index stores."""

from __future__ import annotations

import phonenumbers

MAX_INPUT = 64


def to_e164(raw: str, default_region: str = "US") -> str | None:
    """``raw`` in any common format ("+30 210 123 4567", "00302101234567", "(212) 555-0100",
    "tel:+1-212-555-0100") as E.164, or None when it is not a possible number."""
    text = raw.strip()
    if not text or len(text) > MAX_INPUT:
        return None
    if text.lower().startswith("tel:"):
        text = text[4:]
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, default_region.upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
