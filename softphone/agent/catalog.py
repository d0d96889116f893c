"""The disposition catalog from provisioning, searchable from the keyboard (pure)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from softphone.screenpop.identity import clean_text


@dataclass(frozen=True)
class DispositionChoice:
    code: str
    label: str
    category: str = ""
    needs_follow_up: bool = False


def catalog_from_provisioning(raw: object) -> tuple[DispositionChoice, ...]:
    """``"disposition_catalog": [{"code", "label", "category"?, "needs_follow_up"?}, ...]``; bad rows skipped."""
    if not isinstance(raw, list):
        return ()
    seen: set[str] = set()
    choices: list[DispositionChoice] = []
    for item in raw:
        if not isinstance(item, dict):
            continue
        code, label = item.get("code"), item.get("label")
        if not isinstance(code, str) or not code or code in seen:
            continue
        seen.add(code)
        category = item.get("category")
        choices.append(DispositionChoice(clean_text(code, 64), clean_text(label if isinstance(label, str) else code),
                                         clean_text(category) if isinstance(category, str) else "",
                                         item.get("needs_follow_up") is True))
    return tuple(choices)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_catalog(catalog: Sequence[DispositionChoice], query: str) -> list[DispositionChoice]:
    """Choices matching every word of ``query`` (case and accent insensitive), best first:
    exact code, then label/code prefix, then word prefix, then substring; catalog order within a rank."""
    words = _fold(query).split()
    if not words:
        return list(catalog)
    ranked: list[tuple[int, int, DispositionChoice]] = []
    for index, choice in enumerate(catalog):
        code, label = _fold(choice.code), _fold(choice.label)
        haystack = f"{code} {label} {_fold(choice.category)}"
        if not all(w in haystack for w in words):
            continue
        first = words[0]
        if code == " ".join(words):
            rank = 0
        elif label.startswith(first) or code.startswith(first):
            rank = 1
        elif any(token.startswith(first) for token in haystack.split()):
            rank = 2
        else:
            rank = 3
        ranked.append((rank, index, choice))
    return [choice for _, _, choice in sorted(ranked, key=lambda r: (r[0], r[1]))]
