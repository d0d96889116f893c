"""Cheap checks of the packaging recipes (default suite): names, URI handlers, licences, the
.deb builder on a tiny bundle, the strip script, and the frozen self-test's checks run from
the source tree. The real builds are in test_frozen_build.py (marker `package`)."""

from __future__ import annotations

import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, ROOT, load

SCHEMES = ("tel", "sip", "callto")


def test_desktop_entry_handles_the_three_schemes_and_validates(tmp_path: Path) -> None:
    appmeta = load("appmeta.py")
    text = appmeta.desktop_entry("/usr/bin/agent-softphone")
    mime = next(line for line in text.splitlines() if line.startswith("MimeType="))
    assert {f"x-scheme-handler/{s}" for s in SCHEMES} <= set(mime.removeprefix("MimeType=").split(";"))
    assert "Exec=/usr/bin/agent-softphone %u" in text  # %u: the clicked link is passed
    desktop = tmp_path / "agent-softphone.desktop"
    desktop.write_text(text)
    proc = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_info_plist_declares_url_types_and_serialises() -> None:
    appmeta = load("appmeta.py")
    plist = plistlib.loads(plistlib.dumps(appmeta.info_plist()))
    declared = {s for entry in plist["CFBundleURLTypes"] for s in entry["CFBundleURLSchemes"]}
    assert declared == set(SCHEMES)
    assert plist["CFBundleShortVersionString"] == appmeta.version()
    assert "NSMicrophoneUsageDescription" in plist  # macOS refuses the microphone without it


def test_version_comes_from_the_app() -> None:
    import softphone

    assert load("appmeta.py").version() == softphone.__version__


@pytest.mark.parametrize(("argv", "expected"), [
    (["tel:+33142685300"], ["dial", "tel:+33142685300"]),
    (["SIP:alice@example.org"], ["dial", "SIP:alice@example.org"]),
    (["callto:bob"], ["dial", "callto:bob"]),
    (["-psn_0_12345", "sip:1000@pbx"], ["dial", "sip:1000@pbx"]),
    (["selftest", "--window"], ["selftest", "--window"]),
    ([], []),
    (["dial", "tel:123"], ["dial", "tel:123"]),
])
def test_launcher_arguments_become_a_dial(argv: list[str], expected: list[str]) -> None:
    assert load("softphone_main.py").translate_argv(argv) == expected


def test_inno_setup_registers_each_scheme_with_the_exe() -> None:
    iss = (PACKAGING / "windows" / "softphone.iss").read_text()
    for scheme in SCHEMES:
        progid = f'Subkey: "Software\\Classes\\AgentSoftphone.{scheme}"'
        assert f'{progid}; ValueType: string; ValueName: "URL Protocol"' in iss
        command = rf'AgentSoftphone\.{scheme}\\shell\\open\\command".*ValueData: """{{app}}\\{{#AppExe}}"" ""%1"""'
        assert re.search(command, iss), scheme
        assert f'ValueName: "{scheme}"; ValueData: "AgentSoftphone.{scheme}"' in iss  # Default apps lists it
    assert "LicenseFile=..\\..\\LICENSE" in iss


def test_ci_workflow_builds_and_selftests_on_three_systems() -> None:
    if not Path("/usr/bin/python3").exists():
        pytest.fail("/usr/bin/python3 (with python3-yaml, from scripts/bootstrap.sh) is needed to parse the workflow")
    script = "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))"
    proc = subprocess.run(["/usr/bin/python3", "-c", script, str(PACKAGING / "ci" / "packages.yml")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    import json

    jobs = json.loads(proc.stdout)["jobs"]
    runners = {name: job["runs-on"] for name, job in jobs.items()}
    assert runners["linux"].startswith("ubuntu") and runners["windows"].startswith("windows")
    assert runners["macos"].startswith("macos")
    steps = {name: " ".join(str(step.get("run", "")) for step in job["steps"]) for name, job in jobs.items()}
    assert "--selftest" in steps["linux"] and "-m package" in steps["linux"]
    assert "build.ps1" in steps["windows"] and "build_app.sh" in steps["macos"]
    assert "--selftest" in (PACKAGING / "windows" / "build.ps1").read_text()
    assert "hdiutil create" in (PACKAGING / "macos" / "build_app.sh").read_text()


def test_licences_are_shipped_and_match_the_project_licence() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "GPL-2.0-or-later"
    licence = (ROOT / "LICENSE").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in licence and "Version 2, June 1991" in licence
    assert "either\nversion 2 of the License, or (at your option) any later version" in licence
    texts = {p.name: p.read_text() for p in (ROOT / "licenses").iterdir()}
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in texts["LGPL-3.0.txt"] and "Version 3" in texts["LGPL-3.0.txt"]
    assert "Version 3, 29 June 2007" in texts["GPL-3.0.txt"]  # LGPL-3 supplements GPL-3: both ship
    assert "Version 2, June 1991" in texts["GPL-2.0.txt"]
    notice = (ROOT / "NOTICE").read_text()
    for where in ("github.com/pjsip/pjproject", "download.qt.io/official_releases/qt",
                  "download.qt.io/official_releases/QtForPython", "openssl-1.0.2k", "-src.tar.gz"):
        assert where in notice, where


def test_licence_files_of_python_packages_are_collected() -> None:
    pairs = load("pylicenses.py").licence_datas(["sqlalchemy", "keyring", "not_a_module"])
    dests = {(Path(src).name, dest) for src, dest in pairs}
    assert ("LICENSE", "licenses/python/SQLAlchemy") in dests
    assert ("LICENSE", "licenses/python/keyring") in dests
    assert all(Path(src).is_file() for src, _ in pairs)


def _fake_bundle(tmp_path: Path) -> Path:
    """A tiny one-dir bundle: a real ELF executable and a library that needs libz."""
    bundle = tmp_path / "softphone"
    (bundle / "_internal").mkdir(parents=True)
    shutil.copy2("/bin/true", bundle / "softphone")
    libz = Path(subprocess.run(["sh", "-c", "ldconfig -p | awk '/libz.so.1 .*x86-64/ {print $NF; exit}'"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (bundle / "_internal" / "libfake.so").write_bytes(libz.read_bytes())  # NEEDED: libc.so.6
    return bundle


def test_deb_builder_layout_and_computed_depends(tmp_path: Path) -> None:
    build_deb = load("linux/build_deb.py")
    deb = build_deb.build(_fake_bundle(tmp_path), tmp_path / "out")
    assert deb.name == f"agent-softphone_{load('appmeta.py').version()}_amd64.deb"
    info = subprocess.run(["dpkg-deb", "--field", str(deb)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(": ", 1) for line in info.splitlines() if ": " in line)
    assert fields["Package"] == "agent-softphone"
    depends = [d.strip() for d in fields["Depends"].split(",")]
    assert any(re.fullmatch(r"libc6 \(>= 2\.\d+\)", d) for d in depends), depends
    assert "libportaudio2" in depends and "fontconfig-config" in depends
    listing = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True).stdout
    for path in ("./opt/agent-softphone/softphone", "./usr/share/applications/agent-softphone.desktop",
                 "./usr/share/icons/hicolor/scalable/apps/agent-softphone.svg",
                 "./usr/share/icons/hicolor/256x256/apps/agent-softphone.png",
                 "./usr/share/doc/agent-softphone/copyright", "./usr/share/doc/agent-softphone/NOTICE"):
        assert path in listing, path
    assert "./usr/bin/agent-softphone -> /opt/agent-softphone/softphone" in listing
    assert "root/root" in listing and "-rwxr-xr-x root/root" in listing


def _unstripped_library(dest: Path) -> None:
    subprocess.run(["objcopy", "--add-section", f".debug_softphone={ROOT / 'LICENSE'}", "/bin/true", str(dest)],
                   check=True)


def test_strip_skips_pjsua2_and_auditwheel_libraries(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    kept = ("_internal/pjsua2/_pjsua2.so", "_internal/numpy.libs/libx.so", "_internal/libcrypto-d3570994.so.1.0.2k")
    for rel in ("_internal/libplain.so.1", *kept):
        (bundle / rel).parent.mkdir(parents=True, exist_ok=True)
        _unstripped_library(bundle / rel)
    sizes = {p: p.stat().st_size for p in bundle.rglob("*.so*")}
    proc = subprocess.run([str(PACKAGING / "linux" / "strip_bundle.sh"), str(bundle)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    assert (bundle / "_internal/libplain.so.1").stat().st_size < sizes[bundle / "_internal/libplain.so.1"]
    for rel in kept:
        assert (bundle / rel).stat().st_size == sizes[bundle / rel], rel
    assert "stripped 1 libraries, skipped 3" in proc.stdout


def test_spec_never_strips_and_declares_pjsua2_hidden_imports() -> None:
    spec = "\n".join(line.split("#", 1)[0] for line in (PACKAGING / "softphone.spec").read_text().splitlines())
    assert "strip=True" not in spec
    assert re.findall(r"strip=(\w+)", spec) == ["False", "False"]
    hook: dict[str, object] = {}
    exec((PACKAGING / "hooks" / "hook-pjsua2.py").read_text(), hook)
    assert set(hook["hiddenimports"]) == {"pjsua2.pjsua2", "pjsua2._pjsua2"}  # type: ignore[arg-type]


def test_packaging_python_is_typed_and_lint_clean() -> None:
    """`make test`'s mypy covers the packages; the packaging scripts are checked here."""
    files = [str(p) for p in sorted(PACKAGING.rglob("*.py")) if "hooks" not in p.parts]
    proc = subprocess.run([sys.executable, "-m", "mypy", *files], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
