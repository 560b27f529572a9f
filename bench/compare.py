"""What a comparison costs in the page (issue 13): each page alone and compared with another, in
one run (the machine is shared: read the ratios).

Runs the app (uvicorn on a free 127.0.0.1 port) and Debian's Chromium through Playwright; every
load is a fresh page. Measured, as the median of ``--repeat`` loads: navigation start to the
page ready (with a comparison: to run A drawn too), and the synchronous work of one step change
(``app.setStep``, every listener included: run A's worked step, markers and points), median and
95th percentile over three passes through every step.

    python bench/compare.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server

PAGES = [
    ("LSTM 4 (trained-memory-lstm)", "/?preset=trained-memory-lstm", "&compare=trained-depth"),
    ("RNN 16 (vanishing-tanh)", "/?preset=vanishing-tanh", "&compare=lstm-memory"),
]
READY = (
    "document.documentElement.dataset.state === 'ready'"
    " && (!location.search.includes('compare') || +(document.documentElement.dataset.compareDrawn || 0) >= 1)"
)
STEPS = """() => {
  const app = window.rnnscope.app;
  const T = app.run.T;
  const out = [];
  for (let k = 0; k < 3; k++)
    for (let t = 0; t < T; t++) {
      const t0 = performance.now();
      app.setStep((t + 1) % T);
      out.push(performance.now() - t0);
    }
  return out;
}"""


def measure(browser, url: str) -> tuple[float, float, float]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        pg.goto(url)
        for _ in range(1500):
            if pg.evaluate(READY):
                break
            pg.wait_for_timeout(20)
        ready = pg.evaluate("performance.now()")
        steps = sorted(pg.evaluate(STEPS))
        return ready, statistics.median(steps), steps[int(len(steps) * 0.95)]
    finally:
        pg.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            rows = {}
            for _ in range(args.repeat):  # interleaved: load on the machine falls on all alike
                for name, url, cmp in PAGES:
                    rows.setdefault((name, "alone"), []).append(measure(browser, base + url))
                    rows.setdefault((name, "compared"), []).append(measure(browser, base + url + cmp))
            browser.close()
    finally:
        stop_server(server)
    print(f"{'page':32} {'':9} {'ready ms':>9} {'step ms':>8} {'p95 ms':>7}")
    for (name, how), vals in rows.items():
        ready, med, p95 = (statistics.median(v[i] for v in vals) for i in range(3))
        print(f"{name:32} {how:9} {ready:9.0f} {med:8.2f} {p95:7.2f}")


if __name__ == "__main__":
    main()
