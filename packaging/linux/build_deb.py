"""Build the Debian package from a PyInstaller one-dir bundle, with plain ``dpkg-deb``.

    python3 packaging/linux/build_deb.py BUNDLE_DIR OUT_DIR   ->  OUT_DIR/agent-softphone_<ver>_<arch>.deb

Layout: the bundle in /opt/agent-softphone, /usr/bin/agent-softphone (symlink), a .desktop
entry that is the handler of tel:, sip: and callto: links, the icon (SVG + 256 px PNG) in
the hicolor theme, and /usr/share/doc/agent-softphone/ (copyright = LICENSE, NOTICE).
Depends is computed from the bundle: every shared library its ELF files need that the bundle
does not carry is looked up on this (build) machine with ``ldconfig -p`` and ``dpkg -S``; the
libraries that only optional Qt plugins need (Wayland) become Recommends. libc6 and
libstdc++6 get the build machine's versions as minimum (the bundle's libpython and Qt need
them). Standard library only: runs with the system python3.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import appmeta  # noqa: E402

OPTIONAL_PLUGIN = re.compile(r"/plugins/(platforms/libqwayland|wayland-|platformthemes/libqxdgdesktopportal)")
VERSIONED = ("libc6", "libstdc++6")
# audio goes through PortAudio (sounddevice), which reaches PulseAudio/PipeWire through ALSA's pulse plugin
ALWAYS = ("libportaudio2", "libasound2-plugins", "fontconfig-config",
          "fonts-dejavu-core | fonts-liberation2 | fonts-noto-core")
RECOMMENDS = ("gnome-keyring | kwalletmanager | keepassxc", "pulseaudio | pipewire-pulse")


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=False).stdout
    return [line.split("[", 1)[1].rstrip("]") for line in out.splitlines() if "(NEEDED)" in line]


def system_libraries() -> dict[str, str]:
    """soname -> path of the x86-64 (or native) libraries the dynamic loader knows."""
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    libs: dict[str, str] = {}
    for line in out.splitlines()[1:]:
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if match and ("x86-64" in match.group(2) or "64" not in match.group(2)):
            libs.setdefault(match.group(1), match.group(3))
    return libs


def _variants(path: str) -> list[str]:
    """The path, its real path, and their /lib <-> /usr/lib twins (merged /usr: dpkg knows one)."""
    out: list[str] = []
    for p in (path, os.path.realpath(path)):
        twin = p.replace("/usr/lib/", "/lib/", 1) if p.startswith("/usr/lib/") else p.replace("/lib/", "/usr/lib/", 1)
        out += [p, twin]
    return list(dict.fromkeys(out))


def owning_packages(paths: list[str]) -> dict[str, str]:
    """path -> Debian package, with one ``dpkg -S`` call for all of them."""
    queries = [v for path in paths for v in _variants(path)]
    if not queries:
        return {}
    proc = subprocess.run(["dpkg", "-S", *queries], capture_output=True, text=True, check=False)
    owner: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        package, _, file = line.partition(": ")
        owner[file.strip()] = package.split(":", 1)[0].strip()
    return {path: owner[v] for path in paths for v in _variants(path) if v in owner}


def package_version(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True, check=True)
    return out.stdout.split("-", 1)[0].split("+", 1)[0]


def compute_depends(bundle: Path) -> tuple[list[str], list[str], list[str]]:
    """(depends, recommends, unresolved sonames) for the bundle's ELF files."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink() and is_elf(p)]
    shipped = {p.name for p in bundle.rglob("*")}
    required: set[str] = set()
    optional: set[str] = set()
    for path in files:
        target = optional if OPTIONAL_PLUGIN.search(str(path)) else required
        target.update(n for n in needed(path) if n not in shipped)
    optional -= required
    system = system_libraries()
    unresolved: list[str] = []

    owners = owning_packages(sorted({system[n] for n in required | optional if n in system}))

    def packages(sonames: set[str]) -> set[str]:
        found: set[str] = set()
        for soname in sorted(sonames):
            package = owners.get(system.get(soname, ""))
            if package is None:
                unresolved.append(soname)
            else:
                found.add(package)
        return found

    dep_packages = packages(required)
    rec_packages = packages(optional) - dep_packages
    depends = [f"{p} (>= {package_version(p)})" if p in VERSIONED else p for p in sorted(dep_packages)]
    depends += list(ALWAYS)
    return depends, sorted(rec_packages) + list(RECOMMENDS), unresolved


def architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True).stdout.strip()


def installed_size_kib(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024 + 1


def control(depends: list[str], recommends: list[str], size_kib: int) -> str:
    return (
        f"Package: {appmeta.DEB_PACKAGE}\n"
        f"Version: {appmeta.version()}\n"
        f"Architecture: {architecture()}\n"
        f"Maintainer: {appmeta.MAINTAINER}\n"
        f"Installed-Size: {size_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(recommends)}\n"
        "Section: comm\n"
        "Priority: optional\n"
        f"Description: {appmeta.SUMMARY}\n"
        " Takes and places SIP calls (PJSIP), shows the caller's customer record while the\n"
        " phone rings, and saves dispositions and notes locally first, then syncs them to the\n"
        " central server. Opens tel:, sip: and callto: links.\n"
        " .\n"
        " Self-contained PyInstaller build (Python, Qt 6, pjsua2) installed in /opt.\n"
        " Check an install with: agent-softphone --selftest\n"
    )


def build(bundle: Path, out_dir: Path) -> Path:
    pkg = appmeta.DEB_PACKAGE
    version = appmeta.version()
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="softphone-deb-", dir=out_dir) as tmp:
        root = Path(tmp) / f"{pkg}_{version}"
        opt = root / "opt" / pkg
        shutil.copytree(bundle, opt, symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        (root / "usr" / "bin" / pkg).symlink_to(f"/opt/{pkg}/{appmeta.EXE_NAME}")
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        (apps / f"{pkg}.desktop").write_text(appmeta.desktop_entry(f"/usr/bin/{pkg}"), encoding="utf-8")
        icons = root / "usr" / "share" / "icons" / "hicolor"
        for sub, name in (("scalable/apps", "softphone.svg"), ("256x256/apps", "softphone.png")):
            (icons / sub).mkdir(parents=True)
            shutil.copy2(HERE.parent / "icons" / name, icons / sub / f"{pkg}{Path(name).suffix}")
        doc = root / "usr" / "share" / "doc" / pkg
        doc.mkdir(parents=True)
        shutil.copy2(appmeta.ROOT / "LICENSE", doc / "copyright")
        shutil.copy2(appmeta.ROOT / "NOTICE", doc / "NOTICE")
        depends, recommends, unresolved = compute_depends(opt)
        if unresolved:
            print(f"build_deb: no Debian package found for: {', '.join(unresolved)}", file=sys.stderr)
        (root / "DEBIAN").mkdir()
        (root / "DEBIAN" / "control").write_text(control(depends, recommends, installed_size_kib(root)),
                                                 encoding="utf-8")
        for path in root.rglob("*"):  # dpkg-deb wants sane modes; --root-owner-group makes root:root
            if not path.is_symlink():
                path.chmod(0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
        target = out_dir / f"{pkg}_{version}_{architecture()}.deb"
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", str(root), str(target)],
                       check=True, stdout=subprocess.DEVNULL)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_deb.py")
    parser.add_argument("bundle", type=Path, help="the PyInstaller one-dir output (dist/softphone)")
    parser.add_argument("out", type=Path, help="where the .deb goes")
    args = parser.parse_args(argv)
    if not (args.bundle / appmeta.EXE_NAME).is_file():
        raise SystemExit(f"build_deb: {args.bundle} has no {appmeta.EXE_NAME} executable")
    print(build(args.bundle.resolve(), args.out.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
