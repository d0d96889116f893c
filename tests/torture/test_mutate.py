"""The mutators are pure and deterministic for a seed."""

from __future__ import annotations

import random

from tests.torture.corpus import load_all
from tests.torture.mutate import OVERSIZED_HEADER_BYTES, mutate, oversized, truncations


def test_mutations_are_deterministic_and_varied() -> None:
    data = load_all()[0].data
    first = [mutate(data, random.Random(seed)) for seed in range(200)]
    again = [mutate(data, random.Random(seed)) for seed in range(200)]
    assert first == again
    assert len(set(first)) > 100
    assert any(m != data for m in first)


def test_truncations_and_oversized() -> None:
    data = b"OPTIONS sip:a@b SIP/2.0\r\nVia: x\r\n\r\nbody"
    cuts = truncations(data)
    assert all(data.startswith(cut) and len(cut) < len(data) for cut in cuts)
    assert data[:data.find(b"\r\n\r\n")] in cuts
    big = oversized(data)
    assert big.startswith(b"OPTIONS sip:a@b SIP/2.0\r\nX-Filler: ") and len(big) > OVERSIZED_HEADER_BYTES
    assert big.endswith(data[len(b"OPTIONS sip:a@b SIP/2.0\r\n"):])
