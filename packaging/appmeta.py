"""One place for the names the packaged builds use (spec, .deb, Windows and macOS recipes).

Plain standard library, no project imports: the PyInstaller spec, the build scripts and
the tests load this file by path (``packaging/`` is not a Python package: a package named
``packaging`` would shadow the PyPI library of that name).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DISPLAY_NAME = "Agent Softphone"
EXE_NAME = "softphone"  # the PyInstaller executable (softphone / softphone.exe)
DEB_PACKAGE = "agent-softphone"  # also the /opt folder, the .desktop file and the icon name
BUNDLE_ID = "org.softphone.AgentSoftphone"  # macOS CFBundleIdentifier, Windows AppUserModelID
PUBLISHER = "Softphone project"
MAINTAINER = "Softphone maintainers <softphone@localhost>"
SUMMARY = "Desktop softphone for contact-center agents and supervisors"
# tel: (RFC 3966), sip: (RFC 3261) and callto: (Skype-style links) open the app and dial.
URI_SCHEMES = ("tel", "sip", "callto")


def version() -> str:
    """The app version, read from softphone/__init__.py without importing the app."""
    text = (ROOT / "softphone" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise RuntimeError("no __version__ in softphone/__init__.py")
    return match.group(1)


def info_plist() -> dict[str, object]:
    """Extra Info.plist keys of the macOS .app (PyInstaller BUNDLE(info_plist=...))."""
    return {
        "CFBundleName": DISPLAY_NAME,
        "CFBundleDisplayName": DISPLAY_NAME,
        "CFBundleShortVersionString": version(),
        "CFBundleVersion": version(),
        "LSMinimumSystemVersion": "11.0",
        "NSHighResolutionCapable": True,
        "NSMicrophoneUsageDescription": "The softphone sends your voice to the person you are calling.",
        "CFBundleURLTypes": [
            {"CFBundleURLName": f"{BUNDLE_ID}.{scheme}", "CFBundleTypeRole": "Viewer",
             "CFBundleURLSchemes": [scheme]}
            for scheme in URI_SCHEMES
        ],
    }


def desktop_entry(exec_path: str) -> str:
    """The freedesktop .desktop file: menu entry and the URI scheme handlers."""
    mime = "".join(f"x-scheme-handler/{scheme};" for scheme in URI_SCHEMES)
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        f"Name={DISPLAY_NAME}\n"
        f"GenericName=Softphone\n"
        f"Comment={SUMMARY}\n"
        f"Exec={exec_path} %u\n"
        f"TryExec={exec_path}\n"
        f"Icon={DEB_PACKAGE}\n"
        "Terminal=false\n"
        "StartupNotify=true\n"
        f"StartupWMClass={EXE_NAME}\n"
        "Categories=Network;Telephony;\n"
        "Keywords=phone;call;SIP;VoIP;contact center;\n"
        f"MimeType={mime}\n"
    )
