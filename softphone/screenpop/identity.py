"""Who is calling, from what the INVITE (or our dial string) says: pure functions, no IO.

Precedence (issue 7):
1. a customer id from a provisioned PBX/ACD header (``X-Customer-Id``...): the IVR already
   identified the customer, that wins over any phone number;
2. the number from P-Asserted-Identity (the network vouches for it), then From;
3. anonymous / withheld callers are recognised explicitly (RFC 3323 ``anonymous.invalid``,
   ``anonymous``/``restricted``/``unavailable``... user parts or display names) and never
   looked up.

Numbers are normalised to E.164 with ``phonenumbers`` and the provisioned default region.
A user part that is not a phone number (``sip:alice@pbx``) or an internal extension that
is not a possible public number is kept as ``raw_number`` and looked up as typed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

import phonenumbers

from softphone.domain.values import RemoteIdentity

WITHHELD_WORDS = frozenset({
    "anonymous", "anonymous.invalid", "withheld", "restricted", "private", "unavailable", "unknown",
    "blocked", "no caller id", "not available", "caller id withheld", "privado", "anonyme",
})
MAX_CUSTOMER_ID = 64
_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')
_NUMBERISH = re.compile(r"^\+?\(?[0-9][0-9\-. ()/]{1,30}$")
_VISUAL = re.compile(r"[\-. ()/]")


@dataclass(frozen=True)
class CallerIdentity:
    """What screen-pop knows about the other party before asking the server."""

    customer_id: str = ""  # from the IVR/ACD header: wins over the number
    number_e164: str = ""  # "+302101234567" when the number could be normalised
    raw_number: str = ""  # the user part as received (digits, maybe national or an extension)
    display_name: str = ""
    withheld: bool = False

    @property
    def lookup_key(self) -> tuple[str, str] | None:
        """``("customer", id)``, ``("phone", number)`` or None when there is nothing to look up."""
        if self.customer_id:
            return ("customer", self.customer_id)
        if self.withheld:
            return None
        if self.number_e164:
            return ("phone", self.number_e164)
        if self.raw_number:
            return ("phone", self.raw_number)
        return None


def clean_text(value: str, limit: int = 200) -> str:
    """Untrusted text from the wire or the server -> one line of plain printable text."""
    kept = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in value)
    return " ".join(kept.split())[:limit]


def split_name_addr(value: str) -> tuple[str, str]:
    """``"Name" <sip:u@h>;tag=x`` -> ("Name", "sip:u@h"); a bare URI -> ("", uri)."""
    match = _NAME_ADDR.match(value)
    if match:
        quoted, plain, uri = match.groups()
        name = quoted if quoted is not None else (plain or "")
        return name.replace('\\"', '"').replace("\\\\", "\\").strip(), uri.strip()
    return "", value.split(";", 1)[0].strip()


def split_header_values(value: str) -> list[str]:
    """A header with several comma-separated name-addr values (PAI may carry a sip: and a tel: URI)."""
    parts: list[str] = []
    current: list[str] = []
    quoted = angle = False
    for ch in value:
        if ch == '"' and not angle:
            quoted = not quoted
        elif ch == "<" and not quoted:
            angle = True
        elif ch == ">" and not quoted:
            angle = False
        if ch == "," and not quoted and not angle:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def uri_user_host(uri: str) -> tuple[str, str]:
    """User and host of ``sip:``/``sips:``/``tel:`` URIs; percent-escapes in the user part decoded."""
    text = uri.strip()
    lower = text.lower()
    if lower.startswith("tel:"):
        return _unescape(text[4:].split(";", 1)[0]), ""
    rest = re.sub(r"^sips?:", "", text, flags=re.IGNORECASE)
    if "@" not in rest:
        return "", rest.split(";", 1)[0].split(":", 1)[0]
    user, host = rest.split("@", 1)
    return _unescape(user.split(";", 1)[0].split(":", 1)[0]), host.split(";", 1)[0].split(":", 1)[0].split(">", 1)[0]


def _unescape(text: str) -> str:
    return unquote(text)


def is_withheld_word(text: str) -> bool:
    return text.strip().strip('"').lower() in WITHHELD_WORDS


def normalize_e164(raw: str, default_region: str) -> str:
    """``"210 123 4567"`` (GR) -> ``"+302101234567"``; "" when it is not a possible public number."""
    text = raw.strip()
    if not _NUMBERISH.match(text):
        return ""
    digits = _VISUAL.sub("", text)
    try:
        number = phonenumbers.parse(digits, (default_region or "US").upper())
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _number_from(value: str, default_region: str) -> tuple[str, str, str, bool]:
    """(e164, raw, display name, withheld) from one header value (name-addr list)."""
    name = ""
    withheld = False
    for item in split_header_values(value):
        item_name, uri = split_name_addr(item)
        name = name or item_name
        user, host = uri_user_host(uri)
        if is_withheld_word(user) or host.lower() == "anonymous.invalid" or is_withheld_word(item_name):
            withheld = True
            continue
        raw = _VISUAL.sub("", user) if _NUMBERISH.match(user.strip()) else ""
        if raw:
            return normalize_e164(user, default_region), raw, name, False
    return "", "", name, withheld


def customer_id_from(remote: RemoteIdentity, header_names: Sequence[str]) -> str:
    for header in header_names:
        value = remote.header(header)
        if value:
            cleaned = clean_text(value, MAX_CUSTOMER_ID)
            if cleaned and not is_withheld_word(cleaned):
                return cleaned
    return ""


def caller_identity(remote: RemoteIdentity, *, customer_id_headers: Sequence[str] = ("X-Customer-Id",),
                    default_region: str = "US") -> CallerIdentity:
    """The caller (or callee, for outbound calls) as screen-pop sees it."""
    customer_id = customer_id_from(remote, customer_id_headers)
    sources = [remote.p_asserted_identity, remote.from_header]
    if not remote.p_asserted_identity and not remote.from_header:
        sources = [f'"{remote.display_name}" <{remote.uri}>' if remote.display_name else remote.uri]
    withheld = False
    name = ""
    for source in sources:
        if not source:
            continue
        e164, raw, source_name, source_withheld = _number_from(source, default_region)
        name = name or source_name
        if raw:
            display = "" if is_withheld_word(name) else clean_text(name)
            return CallerIdentity(customer_id, e164, raw, display, withheld=False)
        withheld = withheld or source_withheld
    display = "" if is_withheld_word(name) else clean_text(name)
    return CallerIdentity(customer_id, "", "", display, withheld=withheld)
