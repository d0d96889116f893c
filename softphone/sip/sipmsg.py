"""Reading a raw SIP message (pjsua2 hands us its text): headers and the caller's identity.

Pure functions: no pjsua2 here, so the parsing is tested without IO. Compact header
forms (f: for From) are understood. Values are decoded as UTF-8 (display names in Greek
and other scripts arrive that way); bad bytes are replaced, never raised.
"""

from __future__ import annotations

import re

from softphone.domain.values import RemoteIdentity

_COMPACT = {"f": "from", "t": "to", "i": "call-id", "m": "contact", "v": "via", "l": "content-length"}
_NAME_ADDR = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([^<"]*?))\s*<([^>]*)>')


def untrusted_text(text: str) -> str:
    """Text from pjsua2 as valid Unicode: SWIG hands non-UTF-8 bytes over as lone surrogates
    (surrogateescape); they become U+FFFD so the text can be logged, stored and shown."""
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return text.encode("utf-8", "replace").decode("utf-8", "replace")


def parse_headers(message: str) -> list[tuple[str, str]]:
    """Header (name, value) pairs in order; folded lines joined; names as sent."""
    head = untrusted_text(message).split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    lines = head.replace("\r\n", "\n").split("\n")[1:]  # skip the request/status line
    headers: list[tuple[str, str]] = []
    for line in lines:
        if not line:
            continue
        if line[0] in " \t" and headers:
            name, value = headers[-1]
            headers[-1] = (name, value + " " + line.strip())
            continue
        name, sep, value = line.partition(":")
        if sep:
            headers.append((name.strip(), value.strip()))
    return headers


def header_value(headers: list[tuple[str, str]], name: str) -> str:
    wanted = name.lower()
    for key, value in headers:
        key_l = key.lower()
        if key_l == wanted or _COMPACT.get(key_l) == wanted:
            return value
    return ""


def split_name_addr(value: str) -> tuple[str, str]:
    """``"Name" <sip:u@h>;tag=x`` -> ("Name", "sip:u@h"); a bare URI -> ("", uri)."""
    match = _NAME_ADDR.match(value)
    if match:
        quoted, plain, uri = match.groups()
        name = quoted if quoted is not None else (plain or "")
        return name.replace('\\"', '"').replace("\\\\", "\\").strip(), uri.strip()
    return "", value.split(";", 1)[0].strip()


def uri_user(uri: str) -> str:
    """The user part of sip:/sips:/tel: URIs (``sip:+30210@h`` -> ``+30210``)."""
    rest = re.sub(r"^(sips?|tel):", "", uri.strip(), flags=re.IGNORECASE)
    if "@" in rest:
        return rest.split("@", 1)[0].split(";", 1)[0]
    if uri.lower().startswith("tel:"):
        return rest.split(";", 1)[0]
    return ""


def remote_identity(message: str, extra_header_names: tuple[str, ...] = ()) -> RemoteIdentity:
    """Who is calling, from an INVITE: P-Asserted-Identity wins over From for the user part."""
    headers = parse_headers(message)
    from_value = header_value(headers, "from")
    pai_value = header_value(headers, "p-asserted-identity")
    from_name, from_uri = split_name_addr(from_value)
    pai_name, pai_uri = split_name_addr(pai_value) if pai_value else ("", "")
    wanted_extra = {n.lower() for n in extra_header_names}
    kept = tuple(
        (name, value) for name, value in headers if name.lower().startswith("x-") or name.lower() in wanted_extra
    )
    identity_uri = pai_uri or from_uri
    return RemoteIdentity(
        uri=identity_uri,
        display_name=pai_name or from_name,
        user=uri_user(identity_uri),
        from_header=from_value,
        p_asserted_identity=pai_value,
        headers=kept,
    )


def wants_auto_answer(message: str) -> bool:
    """The PBX/ACD asks for auto-answer: Call-Info answer-after, Alert-Info auto-answer, or Answer-Mode."""
    headers = parse_headers(message)
    for name, value in headers:
        lname, lvalue = name.lower(), value.lower()
        if lname == "call-info" and "answer-after" in lvalue:
            return True
        if lname == "alert-info" and ("auto-answer" in lvalue or "autoanswer" in lvalue or "answer-after" in lvalue):
            return True
        if lname in ("answer-mode", "priv-answer-mode") and lvalue.startswith("auto"):
            return True
    return False


def source_host(src_address: str) -> str:
    """pjsua2's ``rdata.srcAddress`` (``1.2.3.4:5060`` or ``[::1]:5060``) -> host."""
    addr = src_address.strip()
    if addr.startswith("["):
        return addr[1:].split("]", 1)[0]
    return addr.rsplit(":", 1)[0] if addr.count(":") == 1 else addr
