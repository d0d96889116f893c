"""Local settings in a JSON file in the per-user config folder. No secrets here, ever:
account passwords and the server token live in the keyring (softphone.secrets)."""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from softphone import paths
from softphone.domain.values import (
    AccountSettings,
    AutoAnswer,
    DialPlan,
    DtmfMethod,
    SrtpPolicy,
    Transport,
)

log = logging.getLogger(__name__)
FILE_NAME = "settings.json"
_ENUMS = {"transport": Transport, "srtp": SrtpPolicy, "auto_answer": AutoAnswer, "dtmf_method": DtmfMethod}


@dataclass(frozen=True)
class AppSettings:
    accounts: tuple[AccountSettings, ...] = ()
    server_url: str = ""
    server_user: str = ""
    microphone: str = ""
    speaker: str = ""
    ringer: str = ""
    language: str = ""
    shortcuts: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


def account_to_dict(account: AccountSettings) -> dict[str, Any]:
    data = dataclasses.asdict(account)
    data.pop("password", None)  # never in the file
    for key in _ENUMS:
        data[key] = getattr(account, key).value
    data["codecs"] = list(account.codecs)
    data["stun_servers"] = list(account.stun_servers)
    data["dial_plan"] = {**dataclasses.asdict(account.dial_plan),
                         "prefix_rewrites": [list(p) for p in account.dial_plan.prefix_rewrites]}
    return data


def account_from_dict(data: dict[str, Any]) -> AccountSettings:
    values = dict(data)
    values.pop("password", None)
    for key, enum in _ENUMS.items():
        if key in values:
            values[key] = enum(values[key])
    if "codecs" in values:
        values["codecs"] = tuple(values["codecs"])
    if "stun_servers" in values:
        values["stun_servers"] = tuple(values["stun_servers"])
    if "dial_plan" in values:
        plan = dict(values["dial_plan"])
        plan["prefix_rewrites"] = tuple(tuple(p) for p in plan.get("prefix_rewrites", ()))
        values["dial_plan"] = DialPlan(**plan)
    known = {f.name for f in dataclasses.fields(AccountSettings)}
    return AccountSettings(**{k: v for k, v in values.items() if k in known})


def settings_path() -> Path:
    return paths.config_dir() / FILE_NAME


def load(path: Path | None = None) -> AppSettings:
    """Read the settings; a corrupted file is kept aside (never silently lost) and defaults are used."""
    file = path or settings_path()
    if not file.exists():
        return AppSettings()
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        accounts = tuple(account_from_dict(a) for a in data.get("accounts", []))
        return AppSettings(
            accounts=accounts,
            server_url=str(data.get("server_url", "")),
            server_user=str(data.get("server_user", "")),
            microphone=str(data.get("microphone", "")),
            speaker=str(data.get("speaker", "")),
            ringer=str(data.get("ringer", "")),
            language=str(data.get("language", "")),
            shortcuts=tuple((str(k), str(v)) for k, v in data.get("shortcuts", [])),
            extra=dict(data.get("extra", {})),
        )
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        aside = file.with_name(f"{file.name}.corrupt-{int(time.time())}")
        file.replace(aside)
        log.error("the settings file was unreadable (%s); kept as %s, starting with defaults", exc, aside)
        return AppSettings()


def save(settings: AppSettings, path: Path | None = None) -> None:
    """Atomic write: a crash mid-save leaves the old file, never a half-written one."""
    file = path or settings_path()
    data = {
        "accounts": [account_to_dict(a) for a in settings.accounts],
        "server_url": settings.server_url,
        "server_user": settings.server_user,
        "microphone": settings.microphone,
        "speaker": settings.speaker,
        "ringer": settings.ringer,
        "language": settings.language,
        "shortcuts": [list(s) for s in settings.shortcuts],
        "extra": settings.extra,
    }
    file.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=file.parent, delete=False, encoding="utf-8",
                                     suffix=".tmp") as handle:
        json.dump(data, handle, indent=2, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())
    Path(handle.name).replace(file)
