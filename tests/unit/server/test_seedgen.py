"""Generated customers: valid numbers in several countries, shared numbers, reproducible."""

from __future__ import annotations

from collections import Counter

import phonenumbers

from server.seedgen import generate


def test_numbers_are_valid_e164_in_several_countries_including_greece() -> None:
    batches = list(generate(4000, seed=7, chunk=1000))
    assert [len(b.customers) for b in batches] == [1000] * 4
    phones = [p for b in batches for p in b.phones]
    regions = Counter(phonenumbers.region_code_for_number(phonenumbers.parse(n)) for _, n, _ in phones)
    assert all(phonenumbers.is_valid_number(phonenumbers.parse(n)) for _, n, _ in phones)
    assert {"GR", "CY", "US", "GB", "DE", "FR", "IT", "ES"} <= set(regions)
    assert regions["GR"] > 0.15 * len(phones)


def test_some_numbers_are_shared_by_several_customers() -> None:
    phones = [p for b in generate(4000, seed=7) for p in b.phones]
    owners: dict[str, set[str]] = {}
    for customer, number, _ in phones:
        owners.setdefault(number, set()).add(customer)
    shared = [n for n, who in owners.items() if len(who) > 1]
    assert 40 < len(shared) < 400


def test_customers_look_real_and_the_seed_reproduces_them() -> None:
    first = next(generate(500, seed=3))
    assert first.customers == next(generate(500, seed=3)).customers
    assert len({c[0] for c in first.customers}) == 500
    greek = [c for c in first.customers if c[4] == "el"]
    assert greek and all(c[5].isascii() and "@" in c[5] for c in greek)
    assert any("Γ" in c[1] or "Π" in c[1] for c in greek)
    assert {c[3] for c in first.customers} >= {"standard", "silver", "gold"}
    assert first.items and all(i[4] == "open" for i in first.items)
