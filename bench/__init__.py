"""Benchmarks: ``python -m bench [NAME ...]`` prints JSON lines
``{"metric": ..., "value": ..., "unit": ..., "n": ...}``.

Each benchmark is a module in this package listed in ``BENCHMARKS`` with a ``METRICS``
tuple and a ``run(quick: bool) -> Iterator[Result]`` function. NAME selects a benchmark
by its module name or by one of its metric names; ``--quick`` runs tiny sizes (the test
suite's smoke check).
"""

from __future__ import annotations

BENCHMARKS = (
    "endpoint",
    "sip_engine",
    "server_lookup",
    "server_seed",
    "store_save",
    "outbox_flush",
    "ui_event_lag",
    "audio_latency",
    "audio_underruns",
    "screenpop_card",
    "ui_startup",
    "torture_msgs",
    "monitor_join",
    "app_startup",
    "packaging_build",
    "demo",
)
