"""Licence files of the Python distributions that end up in a build (for the spec's datas).

``licence_datas(top_level_names)`` maps the top-level import names found in a PyInstaller
Analysis to their installed distributions and returns (source, dest_dir) pairs that copy
each distribution's LICENSE/COPYING/NOTICE/AUTHORS files into ``licenses/python/<dist>/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

_LICENCE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)


def distributions_for(top_level_names: Iterable[str]) -> set[str]:
    mapping = metadata.packages_distributions()
    names: set[str] = set()
    for top in top_level_names:
        names.update(mapping.get(top, ()))
    return names


def licence_datas(top_level_names: Iterable[str], dest: str = "licenses/python") -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for name in sorted(distributions_for(top_level_names)):
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for file in dist.files or ():
            if _LICENCE_FILE.search(str(file)) and not str(file).endswith((".py", ".pyc", ".pyi")):
                src = Path(str(dist.locate_file(file)))
                if src.is_file():
                    parent = re.sub(r"^[^/]+\.dist-info/(licenses/)?", "", str(file.parent) + "/").strip("/")
                    pairs.append((str(src), f"{dest}/{name}/{parent}".rstrip("/")))
    return pairs
