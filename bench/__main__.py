"""Run benchmarks: ``python -m bench [--quick] [NAME ...]`` (no NAME: all)."""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from bench import BENCHMARKS


def _load(name: str) -> ModuleType:
    return importlib.import_module(f"bench.{name}")


def select(names: list[str]) -> list[ModuleType]:
    modules = [_load(name) for name in BENCHMARKS]
    if not names:
        return modules
    chosen = [m for m in modules if m.__name__.split(".")[-1] in names or set(m.METRICS) & set(names)]
    unknown = set(names) - {m.__name__.split(".")[-1] for m in modules} - {x for m in modules for x in m.METRICS}
    if unknown:
        raise SystemExit(f"unknown benchmark or metric: {', '.join(sorted(unknown))}")
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", help="benchmark or metric names (default: all)")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: a smoke check, not a measurement")
    args = parser.parse_args(argv)
    for module in select(args.names):
        wanted = set(args.names) & set(module.METRICS)
        for result in module.run(args.quick):
            if not wanted or result.metric in wanted or module.__name__.split(".")[-1] in args.names:
                print(result.to_json(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
