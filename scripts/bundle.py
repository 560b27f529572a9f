"""Build static/dist/main.js (the page's ES modules, bundled by esbuild) and static/dist/app.css
(its stylesheets joined in cascade order); see app/staticbundle.py for why.

    .venv/bin/python scripts/bundle.py            # rebuild both after editing static/js or static/css
    .venv/bin/python scripts/bundle.py --check    # exit 1 if the committed files differ from a rebuild
    .venv/bin/python scripts/bundle.py --fetch    # only make sure esbuild is there (scripts/test)

esbuild is not a dependency of rnnscope: this script takes its binary, pinned by version and
checksum, from the npm registry (``$NPM_CONFIG_REGISTRY``, else registry.npmjs.org) into
``~/.cache/rnnscope`` the first time, or uses ``$ESBUILD`` if set. Until the bundle is rebuilt,
the server notices that the sources changed and serves the modules one by one.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import urllib.request
from pathlib import Path

from rnnscope.resources import STYLESHEETS
from rnnscope.staticbundle import BUNDLE_CSS, BUNDLE_JS, sources_digest, stamp

ROOT = Path(__file__).resolve().parent.parent

ESBUILD_VERSION = "0.28.2"
# npm's "integrity" of @esbuild/<platform>@0.28.2 (`npm view @esbuild/linux-x64@0.28.2 dist.integrity`)
INTEGRITY = {
    "linux-x64": "sha512-4xTZr1FUmSoQW4XIWmit3tzQrUTZM+N3P0XV8xROKYF50XfI7xeO90+1bZvNwxIufQ9hDQVRJH5YhgPVF8A/HQ==",
    "linux-arm64": "sha512-pW4AC0P3it8c7do9MVM4p51FzHzdM/TZrerurgRcHJ2WTa1VQ1CIq18xncfpBJw4ojkiZZrKW2yIBWBP92j6Ug==",
    "darwin-arm64": "sha512-n4KqkOQrraxHJcgjM1RvwbigfQKIKJVpM7xp+KsxiyUSrRdIXnt73VhrPAx0fV44hgfmIVKjxMN9J1t5jySVkw==",
    "darwin-x64": "sha512-uq6suIWYP37qzGddBKPw5QEQPi6HiLGsO7UmkpfyaYNQ3D+rN6w6WfwH+nuqcGXWvawGwxOEroO4YGnFh95azw==",
    "win32-x64": "sha512-5ebpxr3nWMzrL/rnUI755Jkuee0bHL/Gq0WTF9lvcpv73wAp5eu8MfBUgWK9bhWvZjj7yX8etf/8tI8Ney695g==",
}
STATIC = ROOT / "static"


def esbuild_platform() -> str:
    system = {"Linux": "linux", "Darwin": "darwin", "Windows": "win32"}.get(platform.system(), "?")
    machine = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(
        platform.machine().lower(), "?"
    )
    name = f"{system}-{machine}"
    if name not in INTEGRITY:
        raise SystemExit(
            f"bundle.py: no pinned esbuild for {name}; set ESBUILD to an esbuild {ESBUILD_VERSION}"
        )
    return name


def cached_esbuild() -> Path:
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    name = esbuild_platform()
    exe = "esbuild.exe" if name.startswith("win32") else "esbuild"
    return cache / "rnnscope" / f"esbuild-{ESBUILD_VERSION}-{name}" / exe


def fetch_esbuild() -> Path:
    """esbuild's binary, downloaded from the npm registry the first time and checked against
    its pinned sha512."""
    if os.environ.get("ESBUILD"):
        return Path(os.environ["ESBUILD"])
    path = cached_esbuild()
    if path.is_file():
        return path
    name = esbuild_platform()
    registry = os.environ.get("NPM_CONFIG_REGISTRY") or "https://registry.npmjs.org/"
    url = f"{registry.rstrip('/')}/@esbuild/{name}/-/{name}-{ESBUILD_VERSION}.tgz"
    with urllib.request.urlopen(url, timeout=120) as r:
        data = r.read()
    algo, _, expected = INTEGRITY[name].partition("-")
    if base64.b64encode(hashlib.new(algo, data).digest()).decode() != expected:
        raise SystemExit(f"bundle.py: {url} does not match its pinned checksum")
    member = "package/esbuild.exe" if name.startswith("win32") else "package/bin/esbuild"
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        binary = tar.extractfile(member)
        if binary is None:
            raise SystemExit(f"bundle.py: {url} holds no {member}")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(binary.read())
        tmp.chmod(0o755)
        tmp.replace(path)
    return path


def build() -> dict[str, bytes]:
    """The two bundle files' bytes, built from the sources as they are."""
    esbuild = fetch_esbuild()
    tool = f"esbuild {ESBUILD_VERSION}"
    head = stamp(sources_digest(STATIC), tool).encode()
    js = subprocess.run(
        [
            str(esbuild),
            "static/js/main.js",
            "--bundle",
            "--format=esm",
            "--charset=utf8",
            "--log-level=warning",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    css = [head]
    for name in STYLESHEETS:
        text = (STATIC / "css" / name).read_bytes().rstrip(b"\n")
        css.append(b"\n/* static/css/" + name.encode() + b" */\n" + text + b"\n")
    return {BUNDLE_JS: head + js, BUNDLE_CSS: b"".join(css)}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="compare a rebuild with the files, write nothing")
    mode.add_argument("--fetch", action="store_true", help="only make sure esbuild is there")
    args = parser.parse_args()
    if args.fetch:
        print(fetch_esbuild())
        return 0
    built = build()
    if args.check:
        stale = [
            n for n, data in built.items() if not (STATIC / n).is_file() or (STATIC / n).read_bytes() != data
        ]
        for name in stale:
            print(f"static/{name} differs from a rebuild: run scripts/bundle.py", file=sys.stderr)
        return 1 if stale else 0
    for name, data in built.items():
        (STATIC / name).parent.mkdir(exist_ok=True)
        (STATIC / name).write_bytes(data)
        print(f"static/{name}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
