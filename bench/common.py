"""Shared helpers for benchmarks."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    metric: str
    value: float
    unit: str
    n: int
    extra: dict[str, object] | None = None

    def to_json(self) -> str:
        data: dict[str, object] = {"metric": self.metric, "value": round(self.value, 3), "unit": self.unit,
                                   "n": self.n}
        if self.extra:
            data.update(self.extra)
        return json.dumps(data)


def median_result(metric: str, samples: list[float], unit: str) -> Result:
    return Result(metric, statistics.median(samples), unit, len(samples),
                  {"min": round(min(samples), 3), "max": round(max(samples), 3)})
