"""Where the app keeps its files (per user, per platform), overridable for tests and demos."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "softphone"
APP_AUTHOR = "softphone"
HOME_ENV = "SOFTPHONE_HOME"  # one folder for everything (tests, demo, portable installs)


def _base(kind: str) -> Path:
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override) / kind
    dirs = platformdirs.PlatformDirs(APP_NAME, APP_AUTHOR)
    return Path({"data": dirs.user_data_dir, "config": dirs.user_config_dir, "log": dirs.user_log_dir}[kind])


def data_dir() -> Path:
    return _ensure(_base("data"))


def config_dir() -> Path:
    return _ensure(_base("config"))


def log_dir() -> Path:
    return _ensure(_base("log"))


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
