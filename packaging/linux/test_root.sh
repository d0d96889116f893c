#!/usr/bin/env bash
# A clean Debian root for testing the .deb, made with debootstrap and cached between runs.
#
#   packaging/linux/test_root.sh base            -> prints the cached pristine minbase root (makes it once)
#   packaging/linux/test_root.sh up   ROOT       -> ROOT = a throw-away overlay on the base, /proc /dev mounted
#   packaging/linux/test_root.sh down ROOT       -> unmounts everything under ROOT and removes it
#
# The base is never modified after it is made: each test gets an overlay (upper dir in ROOT's
# parent), so what a test installs disappears with it. Downloaded .debs are kept in
# $CACHE/apt-archives (bind-mounted into each root), so a warm run installs without the network.
# Needs root, debootstrap, and overlayfs. Suite = the build host's (the bundle needs its glibc).
# Env: SOFTPHONE_TEST_ROOT_CACHE (default /var/cache/softphone-test-chroot), DEBIAN_MIRROR.
set -euo pipefail

CACHE=${SOFTPHONE_TEST_ROOT_CACHE:-/var/cache/softphone-test-chroot}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
# shellcheck disable=SC1091
SUITE=${DEBIAN_SUITE:-$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")}
BASE=$CACHE/$SUITE-minbase

die() { echo "test_root: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"

make_base() {
  [ -f "$BASE/.complete" ] && { echo "$BASE"; return; }
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  mkdir -p "$CACHE/apt-archives/partial"
  local tmp=$BASE.tmp.$$
  rm -rf "$tmp"
  echo "test_root: debootstrap --variant=minbase $SUITE from $MIRROR (a few minutes, once)" >&2
  debootstrap --variant=minbase --cache-dir="$CACHE/apt-archives" "$SUITE" "$tmp" "$MIRROR" \
    >"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$tmp"; die "debootstrap failed"; }
  # package lists inside the base, so a warm test run needs no network when the .debs are cached
  chroot "$tmp" apt-get update -qq >>"$CACHE/debootstrap.log" 2>&1 || die "apt-get update in the base failed"
  rm -f "$tmp"/var/cache/apt/archives/*.deb
  touch "$tmp/.complete"
  rm -rf "$BASE"
  mv "$tmp" "$BASE"
  echo "$BASE"
}

up() {
  local root=$1
  make_base >/dev/null
  local layer=$root.layer
  mkdir -p "$root" "$layer/upper" "$layer/work"
  mount -t overlay overlay -o "lowerdir=$BASE,upperdir=$layer/upper,workdir=$layer/work" "$root"
  mount -t proc proc "$root/proc"
  mount --bind /dev "$root/dev"
  mkdir -p "$root/dev/shm" "$CACHE/apt-archives/partial"
  mount -t tmpfs tmpfs "$root/tmp"
  mount --bind "$CACHE/apt-archives" "$root/var/cache/apt/archives"
  cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod +x "$root/usr/sbin/policy-rc.d"
  echo "$root"
}

down() {
  local root=$1
  for m in var/cache/apt/archives tmp dev proc; do
    mountpoint -q "$root/$m" 2>/dev/null && umount -l "$root/$m"
  done
  mountpoint -q "$root" 2>/dev/null && umount -l "$root"
  rm -rf "$root.layer"
  rmdir "$root" 2>/dev/null || true
}

case "${1:-}" in
  base) make_base ;;
  up) [ $# = 2 ] || die "usage: $0 up ROOT"; up "$2" ;;
  down) [ $# = 2 ] || die "usage: $0 down ROOT"; down "$2" ;;
  *) die "usage: $0 base | up ROOT | down ROOT" ;;
esac
