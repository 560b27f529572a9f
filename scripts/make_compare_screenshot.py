"""Make docs/screenshot-compare.png (issue 13): the LSTM that remembers one bit, B with the bit
-1 (the preset) against A with the bit +1, at step 12, in headless Chromium.

    rnnscope serve --port 8000 &
    python scripts/make_compare_screenshot.py --base http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import base64
import json
import urllib.request
import zlib
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshot-compare.png"


def compare_ref(body: dict) -> str:
    """A request as the page's compare= holds it: z. + base64url(raw deflate of the JSON)."""
    pack = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = pack.compress(json.dumps(body, separators=(",", ":")).encode()) + pack.flush()
    return "z." + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("-o", "--output", default=str(OUT))
    args = parser.parse_args()
    with urllib.request.urlopen(args.base + "/api/v1/presets/trained-memory-lstm") as r:
        body = json.load(r)
    a = json.loads(json.dumps(body))
    a["inputs"][0] = 1.0  # the bit to remember: +1 in A, -1 in B
    url = f"{args.base}/?preset=trained-memory-lstm&compare={compare_ref(a)}&t=12&hide=editor&q=h,c"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
        )
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        pg.goto(url)
        for _ in range(300):
            if pg.evaluate("+(document.documentElement.dataset.compareDrawn || 0) >= 1"):
                break
            pg.wait_for_timeout(100)
        pg.add_style_tag(
            content=".panel { content-visibility: visible !important; }"
        )  # draw off-screen panels
        pg.wait_for_timeout(1500)
        top = pg.evaluate("document.querySelector('#player').getBoundingClientRect().top + scrollY")
        bottom = pg.evaluate("document.querySelector('#h-heatmaps-a').getBoundingClientRect().top + scrollY")
        clip = {"x": 0, "y": top - 8, "width": 1280, "height": bottom - top}
        pg.screenshot(path=args.output, full_page=True, clip=clip)
        browser.close()
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
