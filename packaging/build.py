"""Build the packaged app: PyInstaller one-dir (+ strip on Linux), the source archive, the .deb.

    .venv/bin/python packaging/build.py [--out build/package] [--deb] [--no-strip]

Writes OUT/dist/softphone/ (the one-dir bundle; on macOS also "Agent Softphone.app"),
OUT/softphone-<version>-src.tar.gz (``git archive`` of HEAD: the corresponding source the
GPL asks us to publish with the binaries) and, with --deb, OUT/agent-softphone_<version>_amd64.deb.
Prints one JSON line with the paths and the build time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import appmeta  # noqa: E402


def pyinstaller(out: Path) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(out / "dist"), "--workpath", str(out / "work"), str(HERE / "softphone.spec")]
    subprocess.run(cmd, cwd=ROOT, check=True)
    return out / "dist" / appmeta.EXE_NAME


def source_archive(out: Path) -> Path | None:
    target = out / f"softphone-{appmeta.version()}-src.tar.gz"
    proc = subprocess.run(["git", "archive", "--format=tar.gz", f"--prefix=softphone-{appmeta.version()}/",
                           "-o", str(target), "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        target.unlink(missing_ok=True)
        print(f"build: no source archive (not a git checkout?): {proc.stderr.strip()}", file=sys.stderr)
        return None
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "package")
    parser.add_argument("--deb", action="store_true", help="also build the Debian package (Linux)")
    parser.add_argument("--no-strip", action="store_true")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    bundle = pyinstaller(out)
    if sys.platform.startswith("linux") and not args.no_strip:
        subprocess.run([str(HERE / "linux" / "strip_bundle.sh"), str(bundle)], check=True)
    result: dict[str, object] = {"bundle": str(bundle), "build_s": round(time.perf_counter() - started, 1)}
    src = source_archive(out)
    result["source"] = str(src) if src else None
    if args.deb:
        if not shutil.which("dpkg-deb"):
            raise SystemExit("build: --deb needs dpkg-deb")
        deb = subprocess.run([sys.executable, str(HERE / "linux" / "build_deb.py"), str(bundle), str(out)],
                             check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        result["deb"] = deb
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
