"""The committed RFC 4475 corpus is complete and intact (no IO beyond reading the files)."""

from __future__ import annotations

import hashlib
from collections import Counter

from tests.torture.corpus import RFC4475, catalog, load_all


def test_all_49_messages_are_there_and_byte_exact() -> None:
    entries = catalog()
    assert len(entries) == 49
    for entry in entries:
        data = (RFC4475 / f"{entry['name']}.dat").read_bytes()
        assert len(data) == entry["size"], entry["name"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{entry['name']} was altered"
    assert sorted(p.stem for p in RFC4475.glob("*.dat")) == sorted(str(e["name"]) for e in entries)


def test_sections_and_classes() -> None:
    kinds = Counter(m.kind for m in load_all())
    assert kinds == {"valid": 13, "invalid": 19, "transaction": 1, "application": 15, "compat": 1}
    by_name = {m.name: m for m in load_all()}
    assert by_name["wsinv"].section == "3.1.1.1" and by_name["wsinv"].method == "INVITE"
    assert by_name["scalarlg"].is_request is False  # a response with an overlarge status code


def test_conventions_kept_crlf_and_raw_octets() -> None:
    by_name = {m.name: m for m in load_all()}
    assert b"\r\n" in by_name["wsinv"].data and b"\n" not in by_name["wsinv"].data.replace(b"\r\n", b"")
    assert b"%00" in by_name["escnull"].data
    assert b"\x00" in by_name["intmeth"].data  # <hex>00</hex> in the To display name
    assert len(by_name["longreq"].data) > 3000  # <repeat> expanded
    assert by_name["unreason"].data.startswith(b"SIP/2.0 200 = 2**3 * 5**2 \xd0\xbd\xd0\xbe")  # UTF-8 reason


def test_text_rendering_agrees_with_the_archive_for_most() -> None:
    matched = [e["name"] for e in catalog() if e["text_rendering_matches"]]
    assert len(matched) >= 43  # the rest differ in the RFC itself (page-break blank lines, a typo)
