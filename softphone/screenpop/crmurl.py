"""The CRM's own page for a call, from the provisioned URL template (pure)."""

from __future__ import annotations

import string
from collections.abc import Mapping
from urllib.parse import quote, urlsplit

FIELDS = ("e164", "number", "customer_id", "call_id", "name", "direction", "number_e164")
_ALIASES = {"number_e164": "e164"}  # the reference server's default template says {number_e164}


class TemplateError(ValueError):
    """The provisioned template is not usable (unknown field, not http(s))."""


def render_crm_url(template: str, values: Mapping[str, str]) -> str:
    """Fill ``{e164}``, ``{customer_id}``, ``{call_id}``... with URL-encoded values.

    Every value is percent-encoded (``+`` -> ``%2B``, ``&`` -> ``%26``, UTF-8 names), so a
    caller-controlled value can never add a parameter or change the host. Only http and https
    URLs are returned.
    """
    parts: list[str] = []
    for literal, field, spec, conversion in string.Formatter().parse(template):
        parts.append(literal)
        if field is None:
            continue
        if field not in FIELDS or spec or conversion:
            raise TemplateError(f"unknown field {{{field}}} in the CRM URL template; known: {', '.join(FIELDS)}")
        parts.append(quote(values.get(_ALIASES.get(field, field), ""), safe=""))
    url = "".join(parts)
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise TemplateError("the CRM URL template must be an http(s) URL")
    return url
