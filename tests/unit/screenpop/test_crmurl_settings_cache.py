"""CRM URL template, provisioning parsing and the TTL cache (pure)."""

from __future__ import annotations

import pytest

from softphone.screenpop.cache import TtlCache
from softphone.screenpop.crmurl import TemplateError, render_crm_url
from softphone.screenpop.settings import OpenOn, ScreenPopSettings, settings_from_provisioning


def test_values_are_url_encoded_and_cannot_inject_parameters() -> None:
    url = render_crm_url("https://crm.example/customers?phone={e164}&call={call_id}&n={name}",
                         {"e164": "+302101234567", "call_id": "a&b=c", "name": "Γιώργος /x"})
    assert url == ("https://crm.example/customers?phone=%2B302101234567&call=a%26b%3Dc"
                   "&n=%CE%93%CE%B9%CF%8E%CF%81%CE%B3%CE%BF%CF%82%20%2Fx")


def test_missing_values_are_empty() -> None:
    assert render_crm_url("https://crm/c/{customer_id}", {}) == "https://crm/c/"


@pytest.mark.parametrize("template", [
    "https://crm/{unknown}", "https://crm/{e164!r}", "https://crm/{e164:>10}", "javascript:alert({e164})",
    "file:///etc/{e164}", "{e164}",
])
def test_bad_templates_are_refused(template: str) -> None:
    with pytest.raises(TemplateError):
        render_crm_url(template, {"e164": "+1"})


def test_host_cannot_be_changed_by_a_value() -> None:
    url = render_crm_url("https://crm.example/{number}", {"number": "@evil.example/"})
    assert url.startswith("https://crm.example/%40evil.example%2F")


def test_provisioning_document() -> None:
    doc = {"default_region": "gr", "customer_id_headers": ["X-Customer-Id", "X-IVR-Account", 3],
           "screenpop_url_template": "https://crm/{e164}", "wrap_up_seconds": 30}
    settings = settings_from_provisioning(doc, api_base="https://server/", timeout_s=2.0)
    assert settings == ScreenPopSettings(api_base="https://server", default_region="GR",
                                         customer_id_headers=("X-Customer-Id", "X-IVR-Account"),
                                         url_template="https://crm/{e164}", open_on=OpenOn.ANSWER, timeout_s=2.0)
    assert settings_from_provisioning({**doc, "screenpop_open_on": "ring"}).open_on is OpenOn.RING
    assert settings_from_provisioning({**doc, "screenpop_open_on": "bogus"}).open_on is OpenOn.ANSWER


def test_provisioning_defaults_on_garbage() -> None:
    settings = settings_from_provisioning({"default_region": 7, "customer_id_headers": "X-Customer-Id",
                                           "screenpop_cache_seconds": -1})
    assert settings.default_region == "US" and settings.customer_id_headers == ("X-Customer-Id",)
    assert settings.open_on is OpenOn.NEVER and settings.cache_ttl_s == 30.0
    assert settings.timeout_s == 1.5 and settings.verify_tls is True


def test_cache_expires_and_evicts_least_recently_used() -> None:
    now = [0.0]
    cache: TtlCache[str, int] = TtlCache(10, 2, lambda: now[0])
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3
    now[0] = 10.0
    assert cache.get("a") is None and len(cache) == 1


def test_cache_with_zero_ttl_keeps_nothing() -> None:
    cache: TtlCache[str, int] = TtlCache(0, 5, lambda: 0.0)
    cache.put("a", 1)
    assert cache.get("a") is None
