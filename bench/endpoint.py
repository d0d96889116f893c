"""``endpoint_create_destroy_ms``: a pjsua2 Endpoint created and destroyed on a thread."""

from __future__ import annotations

from collections.abc import Iterator

from bench.common import Result, median_result
from softphone.sip.probe import probe_endpoint

METRICS = ("endpoint_create_destroy_ms",)


def run(quick: bool) -> Iterator[Result]:
    samples = [probe_endpoint().endpoint_ms for _ in range(2 if quick else 10)]
    yield median_result("endpoint_create_destroy_ms", samples, "ms")
