"""Realistic demo customers, generated fast and reproducibly (pure: no IO).

Several countries (Greece and Cyprus with names in Greek, the US, the UK, Germany, France,
Italy, Spain), valid E.164 numbers per national numbering plan, companies, tiers, open
tickets and orders, and about 4 % of numbers shared by several customers (a family line,
a company switchboard).
"""

from __future__ import annotations

import functools
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Country:
    region: str
    weight: int
    language: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    # (E.164 prefix, random digits after it, label)
    numbers: tuple[tuple[str, int, str], ...]
    email_domain: str


COUNTRIES = (
    Country("GR", 25, "el",
            ("Γιώργος", "Μαρία", "Νίκος", "Ελένη", "Κώστας", "Αικατερίνη", "Δημήτρης", "Σοφία", "Γιάννης", "Άννα"),
            ("Παπαδόπουλος", "Παπαδοπούλου", "Νικολάου", "Γεωργίου", "Ιωάννου", "Οικονόμου", "Παππάς",
             "Βασιλείου", "Δημητρίου", "Αθανασίου"),
            (("+3069", 8, "mobile"), ("+30210", 7, "home"), ("+302310", 6, "work")), "example.gr"),
    Country("CY", 3, "el",
            ("Ανδρέας", "Χριστίνα", "Μιχάλης", "Έλενα"), ("Χαραλάμπους", "Κωνσταντίνου", "Ευαγόρου", "Σάββα"),
            (("+35799", 6, "mobile"), ("+35722", 6, "work")), "example.com.cy"),
    Country("US", 25, "en",
            ("James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Sarah"),
            ("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson", "Moore"),
            (("+1212", 7, "work"), ("+1415", 7, "mobile"), ("+1312", 7, "home"), ("+1617", 7, "mobile")),
            "example.com"),
    Country("GB", 12, "en",
            ("Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Jack", "Emily"),
            ("Taylor", "Evans", "Thomas", "Roberts", "Walker", "Wright", "Hughes", "Edwards"),
            (("+4477", 8, "mobile"), ("+4478", 8, "mobile"), ("+44207", 7, "work"), ("+44203", 7, "work")),
            "example.co.uk"),
    Country("DE", 12, "de",
            ("Lukas", "Anna", "Felix", "Lea", "Jonas", "Mia", "Leon", "Hannah"),
            ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"),
            (("+49151", 8, "mobile"), ("+4930", 8, "work")), "example.de"),
    Country("FR", 10, "fr",
            ("Lucas", "Emma", "Hugo", "Jade", "Louis", "Chloé", "Gabriel", "Léa"),
            ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand"),
            (("+3361", 7, "mobile"), ("+3365", 7, "mobile"), ("+3367", 7, "mobile"), ("+331", 8, "work")),
            "example.fr"),
    Country("IT", 8, "it",
            ("Francesco", "Giulia", "Alessandro", "Sofia", "Lorenzo", "Aurora"),
            ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano"),
            (("+39347", 7, "mobile"), ("+3906", 8, "work")), "example.it"),
    Country("ES", 5, "es",
            ("Hugo", "Lucía", "Martín", "Sofía", "Pablo", "Martina"),
            ("García", "Fernández", "González", "Rodríguez", "López", "Martínez"),
            (("+346", 8, "mobile"), ("+3491", 7, "work")), "example.es"),
)
COMPANIES = ("Acme", "Globex", "Initech", "Umbrella", "Hellas Trading", "Aegean Logistics", "Nordwind",
             "Soylent", "Stark Industries", "Wayne Enterprises", "Olympia Foods", "Vandelay Imports")
COMPANY_KINDS = ("Ltd", "S.A.", "GmbH", "LLC", "Inc.", "SARL", "S.p.A.")
TIERS = ("standard", "silver", "gold", "platinum")
TIER_WEIGHTS = (70, 18, 9, 3)
TICKET_TITLES = ("Router keeps rebooting", "Invoice disputed", "Delivery delayed", "Password reset",
                 "Upgrade request", "Billing address change", "Damaged item", "Contract renewal")
SHARE_RATE = 0.04  # share of customers whose number is one another customer already has
# naive UTC, as the columns store it (models.UTCDateTime): the bulk writers skip the type
BASE_TIME = datetime(2026, 1, 1)


@dataclass
class Batch:
    customers: list[tuple[str, str, str, str, str, str, datetime, datetime]]
    phones: list[tuple[str, str, str]]
    items: list[tuple[str, str, str, str, str, datetime]]


GREEK_TO_LATIN = str.maketrans({
    "α": "a", "ά": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "έ": "e", "ζ": "z", "η": "i", "ή": "i",  # noqa: RUF001
    "θ": "th", "ι": "i", "ί": "i", "ϊ": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o",  # noqa: RUF001
    "ό": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "ύ": "y", "φ": "f", "χ": "ch",  # noqa: RUF001
    "ψ": "ps", "ω": "o", "ώ": "o", "ü": "ue", "ö": "oe", "ä": "ae", "é": "e", "í": "i", "ó": "o", "á": "a",
})


@functools.cache  # a few dozen distinct names, a million customers
def _ascii(text: str) -> str:
    latin = text.lower().replace("ού", "ou").replace("ου", "ou").translate(GREEK_TO_LATIN)  # noqa: RUF001
    return "".join(ch for ch in latin if ch.isascii() and ch.isalnum()) or "customer"


def generate(count: int, seed: int = 1, chunk: int = 50_000) -> Iterator[Batch]:
    """``count`` customers in batches of ``chunk``; the same seed gives the same data."""
    rng = random.Random(seed)
    weights = [c.weight for c in COUNTRIES]
    shareable: list[str] = []
    made = 0
    while made < count:
        size = min(chunk, count - made)
        batch = Batch([], [], [])
        countries = rng.choices(COUNTRIES, weights=weights, k=size)
        tiers = rng.choices(TIERS, weights=TIER_WEIGHTS, k=size)
        for country, tier in zip(countries, tiers, strict=True):
            customer_id = uuid.UUID(int=rng.getrandbits(128), version=4).hex
            first, last = rng.choice(country.first_names), rng.choice(country.last_names)
            company = ""
            if rng.random() < 0.3:
                company = f"{rng.choice(COMPANIES)} {rng.choice(COMPANY_KINDS)}"
            created = BASE_TIME + timedelta(seconds=rng.randrange(300 * 86400))
            email = f"{_ascii(first)}.{_ascii(last)}{rng.randrange(1000)}@{country.email_domain}"
            batch.customers.append((customer_id, f"{first} {last}", company, tier, country.language, email,
                                    created, created))
            for index in range(1 if rng.random() < 0.7 else 2):
                if index == 0 and shareable and rng.random() < SHARE_RATE:
                    number, label = rng.choice(shareable), "shared"
                else:
                    prefix, digits, label = rng.choice(country.numbers)
                    # a leading 0 or 1 is no valid exchange in several plans (the US, London)
                    number = prefix + str(rng.randrange(2 * 10 ** (digits - 1), 10 ** digits))
                    if len(shareable) < 5000:
                        shareable.append(number)
                    elif rng.random() < 0.01:
                        shareable[rng.randrange(len(shareable))] = number
                batch.phones.append((customer_id, number, label))
            if rng.random() < 0.2:
                kind = rng.choice(("ticket", "order"))
                reference = f"{'T' if kind == 'ticket' else 'O'}-{rng.randrange(10**7):07d}"
                title = rng.choice(TICKET_TITLES) if kind == "ticket" else f"Order of {rng.randrange(1, 20)} items"
                batch.items.append((customer_id, kind, reference, title, "open",
                                    created + timedelta(days=rng.randrange(30))))
        made += size
        yield batch
