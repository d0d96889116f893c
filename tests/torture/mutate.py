"""Pure mutations of SIP messages for the fuzz run and the benchmark (no IO, seeded)."""

from __future__ import annotations

import random

OVERSIZED_HEADER_BYTES = 64 * 1024


def truncations(data: bytes) -> list[bytes]:
    """Cut inside the start line, inside the headers, right after them, and inside the body."""
    head_end = data.find(b"\r\n\r\n")
    cuts = {5, len(data) // 3, len(data) // 2, len(data) - 1}
    if head_end > 0:
        cuts |= {head_end, head_end + 2}
    return [data[:cut] for cut in sorted(cuts) if 0 < cut < len(data)]


def oversized(data: bytes, size: int = OVERSIZED_HEADER_BYTES) -> bytes:
    """``data`` with one header of ``size`` bytes inserted after the start line."""
    line_end = data.find(b"\r\n")
    filler = b"X-Filler: " + b"a" * size + b"\r\n"
    return data[:line_end + 2] + filler + data[line_end + 2:]


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One random structural or byte-level mutation (what the fuzz run and the benchmark send)."""
    choice = rng.randrange(9)
    buf = bytearray(data)
    if not buf:
        return bytes(rng.randbytes(rng.randrange(1, 200)))
    if choice == 0:  # flip some bytes
        for _ in range(rng.randrange(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
    elif choice == 1:  # truncate
        buf = buf[:rng.randrange(len(buf))]
    elif choice == 2:  # duplicate a line
        lines = bytes(buf).split(b"\r\n")
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
        buf = bytearray(b"\r\n".join(lines))
    elif choice == 3:  # drop a line
        lines = bytes(buf).split(b"\r\n")
        del lines[rng.randrange(len(lines))]
        buf = bytearray(b"\r\n".join(lines))
    elif choice == 4:  # insert garbage
        at = rng.randrange(len(buf) + 1)
        buf[at:at] = rng.randbytes(rng.randrange(1, 64))
    elif choice == 5:  # repeat a slice many times (long values)
        start = rng.randrange(len(buf))
        piece = buf[start:start + rng.randrange(1, 16)]
        buf[start:start] = piece * rng.randrange(2, 400)
    elif choice == 6:  # interesting numbers in place of digits
        digits = [i for i, b in enumerate(buf) if 48 <= b <= 57]
        if digits:
            at = rng.choice(digits)
            buf[at:at + 1] = rng.choice([b"-1", b"0", b"4294967296", b"99999999999999999999", b"00000000000"])
    elif choice == 7:  # swap CRLF for bare LF or CR
        buf = bytearray(bytes(buf).replace(b"\r\n", rng.choice([b"\n", b"\r", b"\r\r\n"])))
    else:  # splice with itself
        cut = rng.randrange(len(buf))
        buf = buf[:cut] + buf[rng.randrange(len(buf)):]
    return bytes(buf)
