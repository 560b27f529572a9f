"""Browser benchmark: time to the first full view and time per step change in the visualizer.

Runs the app (uvicorn on a free 127.0.0.1 port, limits raised for the big case) and Debian's
Chromium through Playwright, opens ``/?cfg=…`` for an LSTM with random weights on a random text
(one-hot over 64 characters), and measures

- first view: navigation start to every panel drawn (the page's ``data-state="ready"``), with
  the page's own split into request (server + transfer), decode (JSON/base64 to typed arrays)
  and draw (Plotly figures and panels);
- step change: one ``→`` key press to the next painted frame, 60 times, measured in the page
  (``performance.now()`` around the key's handler, then after the following animation frame);
- playing: steps per second and frames per second at a speed of 1,000 steps/s (3 s or to the end).

    python bench/browser.py                 # both cases
    python bench/browser.py --quick         # T=1000/H=128 only
    python bench/browser.py --headed        # watch it

The page asks for float32, base64 and fewer recorded fields by itself when a run is large
(see ``finalOptions`` in static/js/app.js); the table says what it recorded.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402

VOCAB = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,"[:64]
CASES = [("LSTM T=1000 H=128", 1000, 128), ("LSTM T=10000 H=512", 10_000, 512)]
LIMITS = {
    "RNNSCOPE_MAX_TRACE_VALUES": "200000000",
    "RNNSCOPE_MAX_WORK": "50000000000",
    "RNNSCOPE_MAX_SECONDS": "300",
    "RNNSCOPE_QUEUE_SECONDS": "300",
    "RNNSCOPE_MAX_BODY_BYTES": "100000000",
}


def encode_cfg(body: dict) -> str:
    """The page's `cfg` URL value: "z." + base64url(deflate-raw(JSON))."""
    raw = json.dumps(body, separators=(",", ":")).encode()
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = c.compress(raw) + c.flush()
    return "z." + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def request_body(T: int, H: int, seed: int = 0) -> dict:
    rng = random.Random(seed)
    text = "".join(rng.choice(VOCAB) for _ in range(T))
    return {
        "model": {"cell": "lstm", "input_size": len(VOCAB), "hidden_size": H},
        "weights": {"format": "random", "seed": seed},
        "inputs": {"text": text, "vocabulary": VOCAB},
    }


STEP_JS = """async (n) => {
  const app = window.rnnscope.app;
  const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const sync = [], painted = [];
  await frame();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    const t1 = performance.now();
    await frame();
    sync.push(t1 - t0);
    painted.push(performance.now() - t0);
  }
  return { sync, painted };
}"""

PLAY_JS = """async (seconds) => {
  const app = window.rnnscope.app, st = window.rnnscope.state;
  app.setStep(0);
  app.setSpeed(1000);
  let frames = 0, stop = false;
  const count = () => { frames++; if (!stop) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const t0 = st.t, w0 = performance.now();
  app.player.play();
  const end = performance.now() + seconds * 1000;
  while (st.playing && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
  app.player.pause();
  stop = true;
  const dt = (performance.now() - w0) / 1000;
  return { steps: (st.t - t0) / dt, fps: frames / dt };
}"""


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def measure(browser, base: str, label: str, T: int, H: int, steps: int) -> dict:
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    url = f"{base}/?cfg={encode_cfg(request_body(T, H))}"
    page.goto(url, timeout=600_000)
    deadline = time.monotonic() + 600
    while page.evaluate("document.documentElement.dataset.state") != "ready":
        if page.evaluate("document.documentElement.dataset.state") == "error" or time.monotonic() > deadline:
            raise RuntimeError(
                f"{label}: the page did not get ready: {errors or page.locator('.field-error').all_inner_texts()}"
            )
        time.sleep(0.05)
    info = page.evaluate(
        """() => { const t = window.rnnscope.timings; const r = t.runs[0]; const run = window.rnnscope.app.run;
        return {first: t.firstView, request: r.request, decode: r.decode, draw: r.draw, bytes: r.bytes,
                values: r.values, fields: [...run.fields], float32: run.float32,
                heatmaps: document.querySelectorAll("#heatmaps figure").length, draws: t.draws}; }"""
    )
    res = page.evaluate(STEP_JS, steps)
    play = page.evaluate(PLAY_JS, 3)
    ctx.close()
    return {
        "case": label,
        **info,
        "sync_p50": statistics.median(res["sync"]),
        "sync_p95": pct(res["sync"], 0.95),
        "paint_p50": statistics.median(res["painted"]),
        "paint_p95": pct(res["painted"], 0.95),
        "play_steps": play["steps"],
        "play_fps": play["fps"],
        "errors": errors,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="only T=1000/H=128")
    ap.add_argument("--headed", action="store_true")
    ap.add_argument("--steps", type=int, default=60)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port, env=LIMITS)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=not args.headed
            )
            try:
                for label, T, H in CASES[:1] if args.quick else CASES:
                    rows.append(measure(browser, base, label, T, H, args.steps))
                    print(f"  measured {label}", file=sys.stderr)
            finally:
                browser.close()
    finally:
        stop_server(proc)

    print(f"\nChromium {CHROMIUM} headless, {os.cpu_count()} CPUs; times in ms unless marked\n")
    head = (
        f"{'case':<20} {'recorded':<16} {'values':>11} {'payload':>9} {'request':>8} {'decode':>7} {'draw':>7} "
        f"{'first view':>10} {'step p50':>8} {'p95':>6} {'paint p50':>9} {'p95':>6} {'play steps/s':>12} {'fps':>4}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        rec = ",".join(sorted(r["fields"])) + (" f4" if r["float32"] else " f8")
        print(
            f"{r['case']:<20} {rec:<16} {r['values']:>11,} {r['bytes'] / 1e6:>7.1f}MB {r['request']:>8.0f} "
            f"{r['decode']:>7.0f} {r['draw']:>7.0f} {r['first'] / 1000:>9.2f}s {r['sync_p50']:>8.2f} "
            f"{r['sync_p95']:>6.2f} {r['paint_p50']:>9.1f} {r['paint_p95']:>6.1f} {r['play_steps']:>12.0f} "
            f"{r['play_fps']:>4.0f}"
        )
        print(
            f"  draw split (ms, synchronous part): {', '.join(f'{k} {v:.0f}' for k, v in r['draws'].items())}"
        )
        if r["errors"]:
            print(f"  console errors: {r['errors'][:3]}")
    print(
        "\nstep = the → key's handler (all panels updated, markers moved); paint = key to the next frame "
        "(style, layout and paint included); first view = navigation to every plot drawn."
    )


if __name__ == "__main__":
    main()
