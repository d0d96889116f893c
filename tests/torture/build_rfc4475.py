"""Build tests/torture/rfc4475/ from the text of RFC 4475 (run by hand; the RFC is not vendored).

    python -m tests.torture.build_rfc4475 /path/to/rfc4475.txt

Two independent renderings of every message, which must agree byte for byte:

1. Appendix A.1 of the RFC carries a base64 block of a gzip-compressed tar of every message
   (the RFC's own bit-exact form); it is decoded here.
2. Section 3 shows each message as text with the RFC's conventions (section 2): lines end in
   CRLF, ``<allOneLine>`` joins its lines, ``<hex>..</hex>`` are raw octets, ``<repeat
   count=N>..</repeat>`` repeats a string; page breaks are dropped. ``render_section`` applies
   them to the text between a section heading and its "Message Details : NAME" line.

The files written are the archive's bytes (``test.dat``, which no section describes, is left
out); ``catalog.json`` records section, title, class and SHA-256 of each, and which messages
the section-text rendering reproduced exactly.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import sys
import tarfile
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "rfc4475"
_HEADING = re.compile(r"^(3\.\d+(?:\.\d+)*)\.\s+(\S.*)$")
_DETAILS = re.compile(r"^\s+Message Details\s*:\s*(\w+)\s*$")
_PAGE_FOOTER = re.compile(r"^Sparks, et al\.\s+Informational\s+\[Page \d+\]$")
_PAGE_HEADER = re.compile(r"^RFC 4475\s+SIP Torture Test Messages\s+May 2006$")
_BASE64_LINE = re.compile(r"^\s*[A-Za-z0-9+/=]+\s*$")


@dataclass(frozen=True)
class Entry:
    name: str
    section: str
    title: str
    kind: str  # "valid" (3.1.1), "invalid" (3.1.2), "transaction" (3.2), "application" (3.3), "compat" (3.4)
    sha256: str
    size: int
    text_rendering_matches: bool


def kind_of(section: str) -> str:
    if section.startswith("3.1.1."):
        return "valid"
    if section.startswith("3.1.2."):
        return "invalid"
    return {"3.2": "transaction", "3.3": "application", "3.4": "compat"}[section[:3]]


def archive_messages(rfc_text: str) -> dict[str, bytes]:
    """Decode Appendix A.1: the last BEGIN/END MESSAGE ARCHIVE block (the first is in Figure 58's script)."""
    lines = rfc_text.splitlines()
    begin = max(i for i, line in enumerate(lines) if line.strip() == "-- BEGIN MESSAGE ARCHIVE --")
    end = max(i for i, line in enumerate(lines) if line.strip() == "-- END MESSAGE ARCHIVE --")
    block = "".join(line.strip() for line in lines[begin + 1:end] if _BASE64_LINE.match(line))
    raw = base64.b64decode(block, validate=True)
    messages: dict[str, bytes] = {}
    with tarfile.open(fileobj=io.BytesIO(raw), mode="r:gz") as tar:
        for member in tar.getmembers():
            if member.isfile():
                handle = tar.extractfile(member)
                assert handle is not None
                messages[Path(member.name).name.removesuffix(".dat")] = handle.read()
    return messages


def sections(rfc_text: str) -> dict[str, tuple[str, str, list[str]]]:
    """Message name -> (section number, title, the lines after its "Message Details" line)."""
    found: dict[str, tuple[str, str, list[str]]] = {}
    body = rfc_text.split("\n1.  Overview", 1)[1].split("\n4.  Security Considerations", 1)[0]
    heading: tuple[str, str] | None = None
    name = ""
    for raw in body.splitlines():
        line = raw.rstrip("\r")
        match = _HEADING.match(line)
        if match:
            heading, name = (match.group(1), match.group(2).strip()), ""
            continue
        details = _DETAILS.match(line)
        if details and heading is not None:
            name = details.group(1)
            found[name] = (heading[0], heading[1], [])
            continue
        if name:
            found[name][2].append(line)
    return found


def _strip_pages(lines: list[str]) -> list[str]:
    """Drop the page furniture (footer, form feed, header and the blank lines around a break)."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        if _PAGE_FOOTER.match(lines[i]):
            while out and not out[-1].strip():
                out.pop()
            i += 1
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("\f")
                                      or _PAGE_HEADER.match(lines[i].lstrip("\f"))):
                i += 1
            continue
        out.append(lines[i])
        i += 1
    return out


def _expand(text: str) -> bytes:
    def repeat(match: re.Match[str]) -> str:
        return match.group(2) * int(match.group(1))

    text = re.sub(r"<repeat count=(\d+)>(.*?)</repeat>", repeat, text, flags=re.DOTALL)
    out = bytearray()
    for index, part in enumerate(re.split(r"<hex>(.*?)</hex>", text, flags=re.DOTALL)):
        out += bytes.fromhex(part) if index % 2 else part.encode("utf-8")
    return bytes(out)


def render_section(lines: list[str]) -> bytes | None:
    """The message as section 3 shows it (indented 6 spaces after "Message Details"), conventions applied."""
    lines = _strip_pages(lines)
    block: list[str] = []
    for line in lines:
        if line.strip() and not line.startswith("      "):
            break  # prose again
        block.append(line[6:])
    while block and not block[0].strip():
        block.pop(0)
    while block and not block[-1].strip():
        block.pop()
    if not block:
        return None
    joined: list[str] = []
    one_line: list[str] | None = None
    for line in block:
        if line.strip() == "<allOneLine>":
            one_line = []
        elif line.strip() == "</allOneLine>":
            joined.append("".join(one_line or []))
            one_line = None
        elif one_line is not None:
            one_line.append(line)
        else:
            joined.append(line)
    if "" not in joined:
        joined.append("")  # no body: the header section still ends with an empty line
    return _expand("\r\n".join(joined) + "\r\n")


def build(rfc_path: Path, out: Path = OUT) -> list[Entry]:
    text = rfc_path.read_text(encoding="latin-1")
    archive = archive_messages(text)
    described = sections(text)
    entries: list[Entry] = []
    out.mkdir(parents=True, exist_ok=True)
    for name in sorted(described):
        section, title, lines = described[name]
        data = archive[name]
        (out / f"{name}.dat").write_bytes(data)
        rendered = render_section(lines)
        entries.append(Entry(name, section, title, kind_of(section), hashlib.sha256(data).hexdigest(), len(data),
                             rendered == data))
    catalog = [asdict(entry) for entry in entries]
    (out / "catalog.json").write_text(json.dumps(catalog, indent=1) + "\n")
    return entries


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    entries = build(Path(argv[1]))
    matched = sum(entry.text_rendering_matches for entry in entries)
    print(f"{len(entries)} messages written to {OUT}; section text reproduces {matched} exactly")
    for entry in entries:
        if not entry.text_rendering_matches:
            print(f"  text rendering differs: {entry.name} ({entry.section})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
