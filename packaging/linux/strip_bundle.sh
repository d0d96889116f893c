#!/usr/bin/env bash
# Strip the shared libraries of a PyInstaller one-dir bundle, after the build.
#   packaging/linux/strip_bundle.sh dist/softphone
# Skipped: pjsua2's files and any library an auditwheel repair rewrote with patchelf (those in
# a "<pkg>.libs" folder, named "<lib>-<8 hex digits>.so...", or with a RUNPATH into a .libs
# folder): strip turns them into "ELF load command address/offset not page-aligned" and they
# no longer load. That is why the spec never uses
# strip=True. Prints the bytes saved.
set -euo pipefail
D=${1:?usage: strip_bundle.sh BUNDLE_DIR}
[ -d "$D" ] || { echo "strip_bundle: no such directory: $D" >&2; exit 1; }
before=$(du -sb "$D" | cut -f1)
stripped=0 skipped=0
while IFS= read -r -d '' f; do
  case "$f" in
    */pjsua2/*|*/pjsua2_python.libs/*|*.libs/*) skipped=$((skipped + 1)); continue ;;
  esac
  if [[ "${f##*/}" =~ -[0-9a-f]{8}(-[0-9a-f]{8})?\.so ]]; then
    skipped=$((skipped + 1)); continue
  fi
  if readelf -d "$f" 2>/dev/null | grep -E '\((RUN)?PATH\)' | grep -q '\.libs'; then
    skipped=$((skipped + 1)); continue
  fi
  if strip --strip-unneeded "$f" 2>/dev/null; then stripped=$((stripped + 1)); fi
done < <(find "$D" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)
after=$(du -sb "$D" | cut -f1)
echo "strip_bundle: stripped $stripped libraries, skipped $skipped (patchelf-ed), saved $(( (before - after) / 1048576 )) MB"
