"""The real builds (marker `package`, run by `make package-test`; minutes, so not in `make test`).

Builds the one-dir bundle and the .deb once per module (packaging/build.py, the same command
as `make package`), or reuses the build in $SOFTPHONE_PACKAGE_BUILD, then:
- checks what the bundle carries and what it leaves out;
- runs the frozen `--selftest` offscreen under a Secret Service: pjsua2, codecs, TLS with the
  bundled OpenSSL, SQLite, keyring, Qt, and a real media engine process spawned from the frozen
  executable;
- installs the .deb into a clean Debian root (debootstrap minbase, cached in
  /var/cache/softphone-test-chroot) and runs the self-test there, then removes it.
Needs root, debootstrap, overlayfs, dbus and gnome-keyring (scripts/bootstrap.sh installs them)
and, the first time, Debian's mirror.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.packaging.support import PACKAGING, ROOT, SECRET_SESSION, TEST_ROOT, load

pytestmark = [pytest.mark.package, pytest.mark.timeout(1800)]

# Ceilings against gross bloat (a Qt module, numpy or a data set slipping in). The goals (one-dir
# <= 140 MB, .deb <= 55 MB) are tracked by `make bench BENCH=packaging_build`; numpy and its BLAS
# alone would add about 45 MB to the one-dir.
BUNDLE_CEILING_MB = 160
DEB_CEILING_MB = 60


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    existing = os.environ.get("SOFTPHONE_PACKAGE_BUILD")
    if existing:
        out = Path(existing).resolve()
    else:
        out = tmp_path_factory.mktemp("package")
        subprocess.run([sys.executable, str(PACKAGING / "build.py"), "--deb", "--out", str(out)],
                       cwd=ROOT, check=True, timeout=1700)
    assert (out / "dist" / "softphone" / "softphone").is_file(), f"no bundle in {out}"
    return out


def _bundle(build: Path) -> Path:
    return build / "dist" / "softphone"


def _deb(build: Path) -> Path:
    debs = sorted(build.glob("agent-softphone_*.deb"))
    assert debs, f"no .deb in {build}"
    return debs[-1]


def _size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


def test_bundle_is_slim_and_carries_what_the_app_needs(build: Path) -> None:
    bundle = _bundle(build)
    internal = bundle / "_internal"
    assert _size_mb(bundle) <= BUNDLE_CEILING_MB
    assert _deb(build).stat().st_size / 1e6 <= DEB_CEILING_MB
    names = {p.name for p in internal.rglob("*")}
    qt_translations = [p for p in internal.rglob("*.qm") if "resources" not in p.relative_to(internal).parts]
    assert not qt_translations, "Qt's own translations are excluded"
    for ours in sorted((ROOT / "resources").rglob("*")) if (ROOT / "resources").is_dir() else []:
        if ours.is_file():  # the app's resources (icons, theme, its own translations) are bundled
            assert (internal / ours.relative_to(ROOT)).is_file(), ours
    for gone in ("QtQml.abi3.so", "QtQuick.abi3.so", "QtPdf.abi3.so", "QtOpenGLWidgets.abi3.so", "libQt6Qml.so.6",
                 "libQt6Pdf.so.6", "libQt6Quick.so.6", "libqgtk3.so", "libqeglfs.so", "libqvnc.so", "libqpdf.so",
                 "libqopensslbackend.so", "libQt6OpenGL.so.6", "libqjpeg.so", "libqgif.so",
                 "libqxcb-glx-integration.so", "libqt-plugin-wayland-egl.so", "libivi-shell.so",
                 "libQt6WlShellIntegration.so.6"):
        assert gone not in names, gone
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert platforms == {"libqxcb.so", "libqoffscreen.so", "libqwayland.so", "libqminimal.so"}
    # system libraries come from the system (the .deb depends on them), the wheels' stay
    assert not (internal / "libX11.so.6").exists() and not (internal / "libssl.so.3").exists()
    assert (internal / "libpython3.11.so.1.0").exists() or (internal / "libpython3.12.so.1.0").exists()
    # _pjsua2 is never stripped: byte-identical to the installed wheel's file
    import pjsua2

    original = next(Path(pjsua2.__file__).parent.glob("_pjsua2*.so"))
    assert (internal / "pjsua2" / original.name).read_bytes() == original.read_bytes()
    libpython = next(internal.glob("libpython3.*.so.1.0"))
    sections = subprocess.run(["readelf", "-S", str(libpython)], capture_output=True, text=True, check=True).stdout
    assert ".symtab" not in sections, "the other libraries are stripped after the build"
    for licence in ("LICENSE", "NOTICE", "GPL-2.0.txt", "LGPL-3.0.txt", "GPL-3.0.txt", "OpenSSL-1.0.2.txt",
                    "python/SQLAlchemy/LICENSE", "python/keyring/LICENSE"):
        assert (internal / "licenses" / licence).is_file(), licence
    from PyInstaller.archive.readers import CArchiveReader

    modules = set(CArchiveReader(str(bundle / "softphone")).open_embedded_archive("PYZ.pyz").toc)
    assert {"softphone.engine.host", "softphone.sip.engine", "frozen_selftest", "keyring.backends.SecretService",
            "pjsua2.pjsua2", "phonenumbers.data.region_FR"} <= modules
    assert not [m for m in modules if m.startswith(("phonenumbers.geodata", "server.", "fastapi", "pytest", "numpy",
                                                       "pygments"))]
    assert not (internal / "numpy").exists() and not (internal / "numpy.libs").exists(), "the audio path is stdlib-only"


def test_frozen_selftest_passes_offscreen_and_spawns_the_engine(build: Path, tmp_path: Path) -> None:
    exe = _bundle(build) / "softphone"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "TMPDIR": str(tmp_path)}
    proc = subprocess.run([str(SECRET_SESSION), str(exe), "--selftest"], env=env, capture_output=True, text=True,
                          timeout=180, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    for needle in ("PJSIP: 2.15.1", "OpenSSL (bundled with pjsua2): OpenSSL 1.0.2k", "G722/16000", "SQLite: 3.",
                   "Qt platform: offscreen", "TLS transport: TLS listening on 127.0.0.1:", "frozen: yes",
                   "keyring: keyring.backends.SecretService.Keyring (store, read, delete ok)",
                   "Qt platform plugins: libqminimal.so, libqoffscreen.so, libqwayland.so, libqxcb.so",
                   "media engine process: pid ", "selftest ok",
                   "audio path: ring, tones, Goertzel ok (stdlib only; numpy not bundled)"):
        assert needle in out, out
    assert f"Python: {sys.version_info.major}.{sys.version_info.minor}" in out and f"({exe})" in out
    assert "pjsua_core.c" not in out


def test_frozen_app_without_a_secure_keyring_says_what_to_install(build: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "XDG_RUNTIME"))}
    env.update(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([str(_bundle(build) / "softphone"), "--selftest", "--no-engine"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert re.search(r"FAILED keyring: no secure password store.*gnome-keyring.*KWallet", proc.stdout), proc.stdout


@pytest.fixture
def debian_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "root"
    proc = subprocess.run([str(TEST_ROOT), "up", str(root)], capture_output=True, text=True, timeout=1200, check=False)
    assert proc.returncode == 0, f"could not make the Debian test root: {proc.stderr}"
    try:
        yield root
    finally:
        subprocess.run([str(TEST_ROOT), "down", str(root)], capture_output=True, timeout=120, check=False)


def _in_root(root: Path, command: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive",
           "HOME": "/root"}
    return subprocess.run(["chroot", str(root), "sh", "-c", command], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_deb_installs_in_a_clean_debian_root_and_selftests_there(build: Path, debian_root: Path) -> None:
    deb = _deb(build)
    appmeta = load("appmeta.py")
    (debian_root / "tmp" / deb.name).write_bytes(deb.read_bytes())
    (debian_root / "tmp" / "secret_session.sh").write_bytes(SECRET_SESSION.read_bytes())
    clean = _in_root(debian_root, "test ! -e /opt/agent-softphone && ! dpkg -s libxcb1 && ! dpkg -s python3")
    assert clean.returncode == 0, "the test root must start without the app, X libraries or Python"
    # the desktop session the app expects: D-Bus with a Secret Service, and the desktop database tool
    proc = _in_root(debian_root, f"apt-get install -y -q --no-install-recommends /tmp/{deb.name} "
                                 "dbus gnome-keyring desktop-file-utils", timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    listing = _in_root(debian_root, f"dpkg -L {appmeta.DEB_PACKAGE}").stdout
    assert "/usr/share/applications/agent-softphone.desktop" in listing
    mime = _in_root(debian_root, "update-desktop-database /usr/share/applications && "
                                 "cat /usr/share/applications/mimeinfo.cache").stdout
    for scheme in ("tel", "sip", "callto"):
        assert f"x-scheme-handler/{scheme}=agent-softphone.desktop;" in mime, mime
    proc = _in_root(debian_root, "chmod +x /tmp/secret_session.sh && QT_QPA_PLATFORM=offscreen "
                                 "/tmp/secret_session.sh agent-softphone --selftest", timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for needle in ("Python: 3.", "(/opt/agent-softphone/softphone)", "TLS transport: TLS listening",
                   "keyring: keyring.backends.SecretService.Keyring", "media engine process: pid ",
                   "licences: ", "selftest ok"):
        assert needle in proc.stdout, proc.stdout
    proc = _in_root(debian_root, f"dpkg -r {appmeta.DEB_PACKAGE} && test ! -e /opt/agent-softphone "
                                 "&& test ! -e /usr/bin/agent-softphone")
    assert proc.returncode == 0, proc.stdout + proc.stderr
