"""What a well-behaved UA answers to each RFC 4475 message over a connection (TCP), and why.

Pure data and one check function; the test applies it to what our engine actually sent back.
"""

from __future__ import annotations

from tests.torture.corpus import TortureMessage

# 3.1.2 messages the RFC explicitly allows a liberal element to accept (its own words:
# "An element that is liberal in what it accepts may ignore ...")
LIBERAL_OK = frozenset({"lwsstart", "trws", "baddate", "badaspec"})

# what a valid request must get from a UA (a ringing INVITE answers 180 via the engine loop)
EXPECTED = {
    "lwsdisp": 200, "semiuri": 200, "transports": 200,  # OPTIONS to us
    "mpart01": 200,  # MESSAGE with a multipart body
    "esc01": 180, "longreq": 180,  # INVITEs that ring
    "wsinv": 481,  # INVITE inside a dialog we do not have
    "zeromf": 200,  # OPTIONS with Max-Forwards 0, addressed to us
}


def problems(message: TortureMessage, codes: list[int]) -> list[str]:
    """Why the answer ``codes`` to ``message`` is wrong (empty list: acceptable)."""
    found = []
    if any(code >= 500 for code in codes):
        found.append(f"{message.name}: server error {codes}")
    if not message.is_request and codes:
        found.append(f"{message.name}: a stray response was answered with {codes}")
    if message.kind == "invalid" and message.name not in LIBERAL_OK and any(code != 400 for code in codes):
        found.append(f"{message.name} ({message.section}, invalid): answered {codes}, want 400 or silence")
    wanted = EXPECTED.get(message.name)
    if wanted is not None and wanted not in codes:
        found.append(f"{message.name} ({message.section}): want {wanted}, got {codes}")
    if message.method == "INVITE" and 200 in codes:
        found.append(f"{message.name}: a torture INVITE was answered 200 (nobody picked up)")
    return found
