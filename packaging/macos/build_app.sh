#!/usr/bin/env bash
# macOS build: "Agent Softphone.app" (PyInstaller BUNDLE with CFBundleURLTypes for tel:, sip:,
# callto:), its self-test, and a compressed .dmg with an Applications link.
#   packaging/macos/build_app.sh [PYTHON]
# Needs Python 3.11/3.12 with the project installed (pip install -e '.[packaging]').
# Signing: ad-hoc by default; set MACOS_SIGN_IDENTITY="Developer ID Application: ..." to sign
# for distribution (then notarize with `xcrun notarytool submit ... --wait` and staple).
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${1:-python3}
"$PY" packaging/build.py --out build/package
VERSION=$("$PY" -c "import sys; sys.path.insert(0, 'packaging'); import appmeta; print(appmeta.version())")
APP="build/package/dist/Agent Softphone.app"
[ -d "$APP" ] || { echo "build_app: $APP was not built" >&2; exit 1; }

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then  # hardened runtime only with a real identity (notarization)
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
else
  codesign --force --deep --sign - "$APP"
fi
for scheme in tel sip callto; do
  /usr/libexec/PlistBuddy -c "Print :CFBundleURLTypes" "$APP/Contents/Info.plist" | grep -q "$scheme" \
    || { echo "build_app: $scheme missing from CFBundleURLTypes" >&2; exit 1; }
done
"$APP/Contents/MacOS/softphone" --selftest --report build/package/selftest-macos.txt

STAGE=$(mktemp -d)
cp -R "$APP" "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=build/package/agent-softphone-$VERSION.dmg
rm -f "$DMG"
hdiutil create -volname "Agent Softphone" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
rm -rf "$STAGE"
# the .dmg mounts and its app runs the self-test from there
MNT=$(mktemp -d)
hdiutil attach -nobrowse -readonly -mountpoint "$MNT" "$DMG" >/dev/null
"$MNT/Agent Softphone.app/Contents/MacOS/softphone" --selftest --report build/package/selftest-macos-dmg.txt
hdiutil detach "$MNT" >/dev/null
ls -l "$DMG"
