"""Fetch the web workspace's front-end files from the npm registry, pinned and checked.

Every asset the pages (and the browser tests) load is served from the package, never a
CDN. This script is how they got there: `npm pack` of a pinned version, the files named
below copied out of the tarball, and their SHA-256 written to `VENDORED.json` beside them.
`--check` verifies the files on disk against that manifest (no network), which the test
suite does too.

    python tools/vendor_assets.py          # fetch again (needs npm and the registry)
    python tools/vendor_assets.py --check  # verify what is vendored
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ASSETS: dict[Path, dict[str, dict[str, str]]] = {
    ROOT / "src/steerco/web/static/vendor": {
        "htmx.org@2.0.11": {
            "package/dist/htmx.min.js": "htmx.min.js",
            "package/LICENSE": "htmx.LICENSE.txt",
        },
    },
    ROOT / "tests/web/vendor": {
        "axe-core@4.11.1": {
            "package/axe.min.js": "axe.min.js",
            "package/LICENSE": "axe-core.LICENSE.txt",
        },
    },
}
"""Folder -> npm package@version -> file in its tarball -> file name in the folder."""

MANIFEST = "VENDORED.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch() -> None:
    """Download each pinned package with `npm pack` and copy its files out."""
    for folder, packages in ASSETS.items():
        folder.mkdir(parents=True, exist_ok=True)
        manifest: dict[str, dict[str, str]] = {}
        for spec, files in packages.items():
            with tempfile.TemporaryDirectory() as scratch:
                subprocess.run(
                    ["npm", "pack", spec, "--silent", "--pack-destination", scratch],
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
                (tarball,) = Path(scratch).glob("*.tgz")
                with tarfile.open(tarball) as archive:
                    for member, name in files.items():
                        source = archive.extractfile(member)
                        if source is None:
                            raise SystemExit(f"{spec}: {member} is not a file")
                        with (folder / name).open("wb") as out:
                            shutil.copyfileobj(source, out)
                        manifest[name] = {"package": spec, "file": member}
        for name, entry in manifest.items():
            entry["sha256"] = _sha256(folder / name)
        text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
        (folder / MANIFEST).write_text(text, encoding="utf-8")
        print(f"{folder.relative_to(ROOT)}: {len(manifest)} files")


def check() -> list[str]:
    """What differs between the vendored files and their manifests (empty: all intact)."""
    problems = []
    for folder in ASSETS:
        manifest_path = folder / MANIFEST
        if not manifest_path.is_file():
            problems.append(f"{manifest_path.relative_to(ROOT)} is missing")
            continue
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for name, entry in manifest.items():
            path = folder / name
            if not path.is_file():
                problems.append(f"{path.relative_to(ROOT)} is missing")
            elif _sha256(path) != entry["sha256"]:
                problems.append(f"{path.relative_to(ROOT)} differs from {entry['package']}")
    return problems


def main() -> int:
    """Fetch the assets, or with --check verify them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify, do not fetch")
    if parser.parse_args().check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    fetch()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
