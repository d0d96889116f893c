"""Disposition catalog parsing and keyboard search."""

from __future__ import annotations

from softphone.agent.catalog import DispositionChoice, catalog_from_provisioning, search_catalog

CATALOG = catalog_from_provisioning([
    {"code": "sale", "label": "Sale closed", "category": "Sales"},
    {"code": "callback", "label": "Call back later", "needs_follow_up": True},
    {"code": "info", "label": "Information given"},
    {"code": "complaint", "label": "Παράπονο πελάτη", "category": "Support"},
    {"code": "sale", "label": "duplicate code skipped"},
    {"label": "no code"}, "junk",
])


def test_parsing_skips_bad_rows() -> None:
    assert [c.code for c in CATALOG] == ["sale", "callback", "info", "complaint"]
    assert CATALOG[1] == DispositionChoice("callback", "Call back later", "", True)
    assert catalog_from_provisioning({"not": "a list"}) == ()


def test_search_ranks_exact_code_then_prefix_then_substring() -> None:
    assert [c.code for c in search_catalog(CATALOG, "")] == ["sale", "callback", "info", "complaint"]
    assert [c.code for c in search_catalog(CATALOG, "info")] == ["info"]
    assert [c.code for c in search_catalog(CATALOG, "c")] == ["callback", "complaint", "sale"]
    assert [c.code for c in search_catalog(CATALOG, "LATER back")] == ["callback"]


def test_search_ignores_case_and_greek_accents() -> None:
    assert [c.code for c in search_catalog(CATALOG, "παραπονο")] == ["complaint"]
    assert search_catalog(CATALOG, "zzz") == []
