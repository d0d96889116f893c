"""Helpers for the packaging tests: load packaging/*.py by path, run under a Secret Service."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SECRET_SESSION = PACKAGING / "linux" / "secret_session.sh"
TEST_ROOT = PACKAGING / "linux" / "test_root.sh"


def load(relative: str) -> ModuleType:
    """Import packaging/<relative> by path (packaging/ is deliberately not a Python package)."""
    path = PACKAGING / relative
    name = "softphone_packaging_" + path.stem.replace("-", "_")
    if name in sys.modules:
        return sys.modules[name]
    for folder in (str(PACKAGING), str(path.parent)):
        if folder not in sys.path:
            sys.path.append(folder)  # appmeta, frozen_selftest imported by name
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
