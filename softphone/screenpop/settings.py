"""Screen-pop settings from the server's provisioning document (pure parsing, defaults that work)."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_TIMEOUT_S = 1.5
DEFAULT_CACHE_TTL_S = 30.0


class OpenOn(enum.Enum):
    """When the CRM's own page opens in the browser."""

    NEVER = "never"
    RING = "ring"
    ANSWER = "answer"


@dataclass(frozen=True)
class ScreenPopSettings:
    api_base: str = ""  # "https://server.example" (the /api/v1 paths are appended)
    default_region: str = "US"
    customer_id_headers: tuple[str, ...] = ("X-Customer-Id",)
    url_template: str = ""  # "https://crm.example/customers?phone={e164}&call={call_id}"
    open_on: OpenOn = OpenOn.NEVER
    timeout_s: float = DEFAULT_TIMEOUT_S  # hard: the card says "timed out" after this, whatever the server does
    cache_ttl_s: float = DEFAULT_CACHE_TTL_S
    cache_size: int = 512
    verify_tls: bool | str = True  # True, or a CA bundle path; never False in production


def settings_from_provisioning(doc: Mapping[str, object], *, api_base: str = "",
                               timeout_s: float = DEFAULT_TIMEOUT_S,
                               verify_tls: bool | str = True) -> ScreenPopSettings:
    """``GET /api/v1/provisioning`` -> settings; unknown or malformed fields fall back to defaults.

    ``screenpop_open_on`` ("ring" | "answer" | "never") is optional; with a template and no
    such field the CRM page opens on answer (a ringing call the agent declines opens nothing).
    """
    region = doc.get("default_region")
    headers = doc.get("customer_id_headers")
    template = doc.get("screenpop_url_template")
    open_on_raw = doc.get("screenpop_open_on")
    template_text = template if isinstance(template, str) else ""
    open_on = OpenOn.ANSWER if template_text else OpenOn.NEVER
    if isinstance(open_on_raw, str):
        try:
            open_on = OpenOn(open_on_raw.lower())
        except ValueError:
            pass
    header_names: tuple[str, ...] = ("X-Customer-Id",)
    if isinstance(headers, list | tuple):
        header_names = tuple(h for h in headers if isinstance(h, str) and h)
    ttl = doc.get("screenpop_cache_seconds")
    return ScreenPopSettings(
        api_base=api_base.rstrip("/"),
        default_region=region.upper() if isinstance(region, str) and len(region) == 2 else "US",
        customer_id_headers=header_names,
        url_template=template_text,
        open_on=open_on,
        timeout_s=timeout_s,
        cache_ttl_s=float(ttl) if isinstance(ttl, int | float) and not isinstance(ttl, bool) and ttl >= 0
        else DEFAULT_CACHE_TTL_S,
        verify_tls=verify_tls,
    )
