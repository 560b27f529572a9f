"""Regenerate docs/screenshot.png: the visualizer on a preset, in Debian's Chromium.

    python scripts/screenshot.py                       # gru-hello at step 2 -> docs/screenshot.png
    python scripts/screenshot.py --preset book-rnn --step 1 --out /tmp/book.png --full
    python scripts/screenshot.py --path /embed --width 320 --query lang=zh --out /tmp/embed.png --full
    python scripts/screenshot.py --phone --out docs/screenshot-phone.png          # 390×844 touch phone
    python scripts/screenshot.py --query lang=zh --out docs/screenshot-zh.png     # the Chinese UI

Starts the app on a free 127.0.0.1 port, opens ``/?preset=…&t=…``, waits until every panel is
drawn and saves the top of the page (``--full`` for all of it).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preset", default="gru-hello")
    ap.add_argument("--step", type=int, default=2)
    ap.add_argument("--path", default="/", help="the page: / or /embed")
    ap.add_argument("--query", default="", help="more of the page's URL keys, e.g. 'unit=1&hide=editor'")
    ap.add_argument("--width", type=int, default=1440)
    ap.add_argument("--height", type=int, default=1500)
    ap.add_argument("--scale", type=float, default=1.0, help="device pixel ratio")
    ap.add_argument("--full", action="store_true", help="the whole page, not only the viewport")
    ap.add_argument(
        "--phone", action="store_true", help="a 390×844 touch phone (is_mobile, has_touch, 2× pixels)"
    )
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                if args.phone:
                    page = browser.new_page(
                        viewport={"width": 390, "height": 844},
                        device_scale_factor=2,
                        is_mobile=True,
                        has_touch=True,
                    )
                else:
                    page = browser.new_page(
                        viewport={"width": args.width, "height": args.height}, device_scale_factor=args.scale
                    )
                errors: list[str] = []
                page.on("console", lambda m: m.type == "error" and errors.append(m.text))
                query = f"preset={args.preset}&t={args.step}" + (f"&{args.query}" if args.query else "")
                page.goto(f"http://127.0.0.1:{port}{args.path}?{query}")
                deadline = time.monotonic() + 60
                while page.evaluate("document.documentElement.dataset.state") != "ready":
                    if time.monotonic() > deadline:
                        raise SystemExit("the page did not get ready within 60 s")
                    time.sleep(0.05)
                # the worked step's products need the canonical weights, fetched after the run
                page.wait_for_timeout(800)
                page.mouse.move(0, 0)
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out), full_page=args.full)
                if errors:
                    raise SystemExit(f"console errors: {errors}")
            finally:
                browser.close()
    finally:
        stop_server(proc)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
