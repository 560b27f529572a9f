"""Browser benchmark (issue 11): the page's first view, stepping and playback, each beside the
references it is judged against, all measured in one run (the machine is shared and noisy:
the ratios of one run are what count).

Runs the app (uvicorn on a free 127.0.0.1 port, limits raised for the big case) and Debian's
Chromium through Playwright; every page load is a fresh browser context (no cache), each figure
the median of ``--repeat`` loads, the pages interleaved so that load on the machine falls on all
of them alike. Measured:

- bare pages (served by the bench on the app's origin through a Playwright route, scripts from
  the app; the app's pages are loaded in contexts without a route): an empty page; the
  installed full ``plotly.min.js`` drawing one 2×2 heatmap; plotly.js's cartesian partial bundle
  drawing it. Ready = navigation start to Plotly.newPlot resolved (``performance.now()``).
- ``/?preset=book-rnn`` and ``/embed?preset=book-rnn``: navigation start to the page's
  ``data-state="ready"`` (the views in the viewport drawn, the worked step's weights in; the
  views below the fold are drawn as they come near or when the browser is idle), to
  ``data-drawn="all"`` (every view drawn), and to the worked
  step's numbers on screen, and whether plotly.js had arrived by then.
- LSTM T=1000, H=128 (random weights, one-hot text, every trace field, float64): first view; the
  request as the page makes it (fetch to decoded typed arrays) against a Python client POSTing
  the same body over loopback (to decoded numpy arrays); → key to painted frame; playback at
  30 steps/s; each over ``--repeat`` fresh page loads (the medians; the key presses of every
  load pooled), each load followed by the client's request. ``--quick`` stops here; otherwise
  the same for T=10,000, H=512 (the page asks for float32 and fewer fields by itself, see
  ``finalOptions`` in static/js/app.js).

Key to painted frame: the key event is dispatched in the page at a random point of a frame;
``paint`` is key → a task queued from the next animation frame's callback (it runs once that
frame's style, layout and paint are done); ``2×rAF`` is key → the second animation frame after
it (the frame that follows the painted one: up to one more 16.7 ms vsync interval), timed on
presses of its own: asked for before the key, that second frame keeps frames ticking, and the
frame that shows the step then waits for the next vsync instead of beginning as soon as the
handler returns, as it does on an idle page (``--frame-ab`` measures the two side by side).

The pages are English in a 1440×1000 window unless ``--device phone`` (a 390×844 viewport at
pixel ratio 3, touch: the phone layout) or ``--lang zh`` (``lang=zh``, a zh-CN browser) say
otherwise; the bare reference pages are the same in every case. On a phone the step is the same
handler a swipe or the step button calls, timed from the → key's event.

    python bench/browser.py                 # everything (a few minutes)
    python bench/browser.py --quick         # without the T=10,000, H=512 case
    python bench/browser.py --repeat 5      # more page loads per figure
    python bench/browser.py --frame-ab      # the → key with and without the 2×rAF instrument
    python bench/browser.py --device phone --lang zh   # a phone's viewport (390×844, touch), the Chinese page
"""

from __future__ import annotations

import argparse
import base64
import http.client
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

from rnnscope.encoding import decode_binary  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server, stop_server  # noqa: E402

VOCAB = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,"[:64]
CASES = [("LSTM T=1000 H=128", 1000, 128), ("LSTM T=10000 H=512", 10_000, 512)]
LIMITS = {
    "RNNSCOPE_MAX_TRACE_VALUES": "200000000",
    "RNNSCOPE_MAX_WORK": "50000000000",
    "RNNSCOPE_MAX_SECONDS": "3000",  # a shared 2-core machine may be 10x slower than a quiet one
    "RNNSCOPE_QUEUE_SECONDS": "3000",
    "RNNSCOPE_MAX_BODY_BYTES": "100000000",
}

# the reference pages: one 2×2 heatmap, as the book page's smallest figure
BARE = """<!doctype html><html><head><meta charset="utf-8"><title>bare</title></head><body>
<div id="plot" style="width:600px;height:300px"></div>
<script>
function go() {{
  Plotly.newPlot("plot", [{{type: "heatmap", z: [[0.537, 0.462], [0.86, 0.884]]}}], {{margin: {{t: 10}}}})
    .then(() => {{ window.__ready = performance.now(); document.documentElement.dataset.state = "ready"; }});
}}
</script>
{script}
</body></html>"""
EMPTY = """<!doctype html><html><head><meta charset="utf-8"><title>empty</title></head><body><p>empty</p>
<script>addEventListener("load", () => { window.__ready = performance.now(); document.documentElement.dataset.state = "ready"; });</script>
</body></html>"""

# in every app page: when the worked step first shows a number, and when window.Plotly appears
WATCH_JS = """(() => {
  // the moment plotly.js has run: its bundle assigns window.Plotly
  let plotly;
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: () => plotly,
    set: (v) => {
      plotly = v;
      if (window.__plotly === undefined) window.__plotly = performance.now();
    },
  });
  const look = () => {
    const w = document.getElementById("worked");
    if (window.__worked === undefined && w && /\\d\\.\\d/.test(w.textContent)) {
      window.__worked = performance.now();
      window.__plotlyAtWorked = typeof window.Plotly === "object";
    }
    if (window.__worked === undefined || window.__plotly === undefined) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();"""

STEP_JS = """async ({ n, nested = false }) => {
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const frames = (k) => new Promise((r) => (k === 1 ? requestAnimationFrame(() => r(performance.now())) : requestAnimationFrame(() => frames(k - 1).then(r))));
  const paint = [], twoRaf = [], handler = [];
  await raf();
  // n presses timed to the painted frame, then n/2 more to the second frame after it: each figure
  // on its own presses, as a second animation frame asked for before the key delays the first
  // (--frame-ab). nested: the painted presses ask for that second frame too, as this bench did
  // before (for that comparison only).
  for (let i = 0; i < n + Math.ceil(n / 2); i++) {
    await raf();
    await sleep(Math.random() * 16); // a random point of the frame, as a person's key press
    const t0 = performance.now();
    const toPaint = i < n;
    const done = toPaint ? new Promise((r) => requestAnimationFrame(() => setTimeout(() => r(performance.now()), 0))) : frames(2);
    const second = toPaint && nested ? frames(2) : null;
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    if (toPaint) handler.push(performance.now() - t0);
    (toPaint ? paint : twoRaf).push((await done) - t0);
    if (second) await second;
  }
  return { paint, twoRaf, handler };
}"""

PLAY_JS = """async ([seconds, speed]) => {
  const app = window.rnnscope.app, st = window.rnnscope.state;
  app.setStep(0);
  app.setSpeed(speed);
  let frames = 0, shownSteps = 0, skipped = 0, lastT = st.t, stop = false;
  const count = () => {
    frames++;
    if (st.t !== lastT) { shownSteps++; skipped += Math.max(0, st.t - lastT - 1); lastT = st.t; }
    if (!stop) requestAnimationFrame(count);
  };
  await new Promise((r) => requestAnimationFrame(r));
  requestAnimationFrame(count);
  const t0 = st.t, w0 = performance.now();
  app.player.play();
  const end = performance.now() + seconds * 1000;
  while (st.playing && performance.now() < end) await new Promise((r) => setTimeout(r, 20));
  app.player.pause();
  stop = true;
  const dt = (performance.now() - w0) / 1000;
  return { steps: (st.t - t0) / dt, fps: frames / dt, shown: shownSteps / dt, skipped };
}"""


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


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


# Resolves when the page's data-state says ready (and, with drawn, data-drawn says all) or error:
# a MutationObserver on those two attributes, so that the wait costs the page nothing while it
# loads (polling it from here ran a task on the page's main thread every 20 ms, meanwhile).
WAIT_JS = """({ drawn, ms }) => new Promise((resolve) => {
  const html = document.documentElement;
  const check = () => {
    const st = html.dataset.state;
    if (st === "error") return "error";
    return st === "ready" && (!drawn || html.dataset.drawn === "all") ? "ready" : null;
  };
  const now = check();
  if (now) return resolve(now);
  const mo = new MutationObserver(() => {
    const st = check();
    if (st) { mo.disconnect(); resolve(st); }
  });
  mo.observe(html, { attributes: true, attributeFilter: ["data-state", "data-drawn"] });
  setTimeout(() => { mo.disconnect(); resolve(`timed out (${html.dataset.state})`); }, ms);
})"""


def wait_state(page, label: str, timeout: float = 600, drawn: bool = False) -> None:
    """Until data-state="ready" (the views in the viewport drawn); drawn: and data-drawn="all"
    (every view drawn: the app draws views below the fold as they come near or when idle)."""
    st = page.evaluate(WAIT_JS, {"drawn": drawn, "ms": timeout * 1000})
    if st != "ready":
        raise RuntimeError(f"{label}: the page did not get ready ({st})")


# the page as a reader sees it: a laptop's window, or a phone (its CSS viewport, pixel ratio,
# touch and mobile layout), in English or Chinese (the page's lang= and the browser's locale)
DEVICES = {
    "desktop": {"viewport": {"width": 1440, "height": 1000}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}


def where(args) -> str:
    """The viewport and language the pages were measured in, for the report."""
    d = DEVICES[args.device]
    v = d["viewport"]
    touch = f", touch, pixel ratio {d['device_scale_factor']}" if d.get("has_touch") else ""
    return f"{args.device} {v['width']}×{v['height']}{touch}, {'Chinese' if args.lang == 'zh' else 'English'} page"


class Bench:
    def __init__(self, browser, base: str, device: str = "desktop", lang: str = "en") -> None:
        self.browser = browser
        self.base = base
        self.device = device
        self.lang = lang

    def url(self, path: str) -> str:
        """The app's page at path, in the bench's language."""
        if self.lang == "en":
            return self.base + path
        return f"{self.base}{path}{'&' if '?' in path else '?'}lang={self.lang}"

    def context(self, bare: bool = False):
        """A fresh context. Only the bare pages' contexts route requests: with a route set,
        Playwright stops every request of the context on its way (the app page's script,
        stylesheet and API calls included) and so adds its own round trip to each, which no
        reader pays."""
        ctx = self.browser.new_context(
            **DEVICES[self.device], locale="zh-CN" if self.lang == "zh" else "en-US", service_workers="block"
        )
        ctx.add_init_script(WATCH_JS)
        if not bare:
            return ctx
        pages = {
            "/__bench/empty.html": EMPTY,
            "/__bench/full.html": BARE.format(
                script='<script src="/vendor/plotly.min.js" onload="go()"></script>'
            ),
            "/__bench/cartesian.html": BARE.format(
                script='<script src="/vendor/plotly-cartesian.min.js" onload="go()"></script>'
            ),
        }
        ctx.route(
            f"{self.base}/__bench/*",
            lambda r: r.fulfill(
                status=200, content_type="text/html", body=pages[r.request.url[len(self.base) :]]
            ),
        )
        return ctx

    def bare(self, path: str) -> float:
        ctx = self.context(bare=True)
        try:
            page = ctx.new_page()
            page.goto(self.base + path)
            wait_state(page, path, 120)
            return page.evaluate("window.__ready")
        finally:
            ctx.close()

    def app_page(self, path: str) -> dict:
        """A fresh load of ``path``, then a reload in the same context (the browser's cache warm):
        both ready times, and how many responses of the reload came over the network."""
        ctx = self.context()
        try:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(self.url(path))
            wait_state(page, path, 120, drawn=True)
            if errors:
                raise RuntimeError(f"{path}: {errors[:3]}")
            out = page.evaluate(
                """() => ({ready: window.rnnscope.timings.firstView, all: window.rnnscope.timings.allDrawn,
                    worked: window.__worked ?? null,
                    plotlyAtWorked: !!window.__plotlyAtWorked, plotly: window.__plotly ?? null})"""
            )
            cdp = ctx.new_cdp_session(page)
            responses: list[str] = []
            cached: set[str] = set()  # Chromium's cache answered (memory or disk)
            cdp.on("Network.responseReceived", lambda e: responses.append(e["requestId"]))
            cdp.on("Network.requestServedFromCache", lambda e: cached.add(e["requestId"]))
            cdp.send("Network.enable")
            page.reload()
            wait_state(page, path, 120, drawn=False)
            out["reload"] = page.evaluate("window.rnnscope.timings.firstView")
            fetched = [r for r in responses if r not in cached]
            out["fetched"] = len(fetched)  # the page itself, its API answers and what was not cached
            return out
        finally:
            ctx.close()

    def network(self, label: str, T: int, H: int, steps: int, play_seconds: float) -> dict:
        ctx = self.context()
        try:
            page = ctx.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(self.url(f"/?cfg={encode_cfg(request_body(T, H))}"), timeout=3_000_000)
            wait_state(page, label, 3000, drawn=True)
            info = page.evaluate(
                """() => { const serverMs = () => { // the first /forward's Server-Timing: compute;dur=…
                  const e = performance.getEntriesByType("resource").find((x) => x.name.includes("/api/v1/forward"));
                  const c = e && e.serverTiming.find((s) => s.name === "compute");
                  return c ? c.duration : null; };
                const t = window.rnnscope.timings; const r = t.runs[0]; const run = window.rnnscope.app.run;
                return {first: t.firstView, all: t.allDrawn, request: r.request, decode: r.decode, draw: r.draw, bytes: r.bytes,
                        values: r.values, fields: [...run.fields], float32: run.float32, sent: run.meta.sent,
                        draws: t.draws, server: serverMs()}; }"""
            )
            steps_res = page.evaluate(STEP_JS, {"n": steps})
            play = page.evaluate(PLAY_JS, [play_seconds, 30])
            if errors:
                raise RuntimeError(f"{label}: {errors[:3]}")
        finally:
            ctx.close()
        return {"case": label, **info, **steps_res, "play": play}

    def python_client(self, body: dict) -> tuple[float, float | None]:
        """POST the page's own request body over loopback: seconds to decoded numpy arrays, and
        the server's compute seconds (its Server-Timing header)."""
        host, port = self.base.removeprefix("http://").split(":")
        data = json.dumps(body).encode()
        t0 = time.perf_counter()
        conn = http.client.HTTPConnection(host, int(port), timeout=3000)
        conn.request("POST", "/api/v1/forward", data, {"Content-Type": "application/json"})
        resp = conn.getresponse()
        raw = resp.read()
        conn.close()
        if resp.status != 200:
            raise RuntimeError(f"python client: HTTP {resp.status}: {raw[:300]!r}")
        if body["options"].get("encoding") == "binary":
            decode_binary(raw)
        else:
            json.loads(raw)
        elapsed = time.perf_counter() - t0
        timing = resp.getheader("server-timing") or ""
        return elapsed, float(timing.split("=", 1)[1]) / 1e3 if timing.startswith("compute;dur=") else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="without the T=10,000, H=512 case")
    ap.add_argument("--repeat", type=int, default=3, help="page loads per figure (median)")
    ap.add_argument(
        "--steps",
        type=int,
        default=60,
        help="→ key presses timed to the painted frame per load (and half as many to the second frame)",
    )
    ap.add_argument("--headed", action="store_true")
    ap.add_argument(
        "--device",
        choices=sorted(DEVICES),
        default="desktop",
        help="the page's viewport (phone: 390×844, touch)",
    )
    ap.add_argument("--lang", choices=["en", "zh"], default="en", help="the page's language")
    ap.add_argument("--edit-only", action="store_true", help="only issue 13's editing rows")
    ap.add_argument(
        "--frame-ab",
        action="store_true",
        help="only the → key at H=128 with and without the 2×rAF figure's second frame asked for",
    )
    args = ap.parse_args()
    if args.edit_only:
        return edit_main(args)  # issue 13
    if args.frame_ab:
        return frame_ab_main(args)
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port, env=LIMITS)
    base = f"http://127.0.0.1:{port}"
    loads: dict[str, list] = {k: [] for k in ("empty", "full", "cartesian", "book", "embed")}
    nets = []
    py: dict[str, list[tuple[float, float | None]]] = {}
    edits: list[dict] = []  # issue 13
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=not args.headed
            )
            bench = Bench(browser, base, args.device, args.lang)
            try:
                bench.bare("/__bench/full.html")  # warm the server's file cache, not measured
                bench.bare("/__bench/cartesian.html")
                bench.app_page("/?preset=book-rnn")
                for i in range(args.repeat):
                    loads["empty"].append(bench.bare("/__bench/empty.html"))
                    loads["full"].append(bench.bare("/__bench/full.html"))
                    loads["cartesian"].append(bench.bare("/__bench/cartesian.html"))
                    loads["book"].append(bench.app_page("/?preset=book-rnn"))
                    loads["embed"].append(bench.app_page("/embed?preset=book-rnn"))
                    print(f"  page loads, round {i + 1}/{args.repeat}", file=sys.stderr)
                for label, T, H in CASES[:1] if args.quick else CASES:
                    try:
                        # --repeat fresh loads, each followed by a Python client's request of
                        # the same body, so that both see the machine in the same state
                        loads_of_case = []
                        py[label] = []
                        for i in range(args.repeat):
                            loads_of_case.append(bench.network(label, T, H, args.steps, 3.0))
                            py[label].append(bench.python_client(loads_of_case[-1]["sent"]))
                            print(f"  {label}: load {i + 1}/{args.repeat}", file=sys.stderr)
                        nets.append(pooled(loads_of_case))
                    except Exception as e:  # the other rows are still worth printing
                        print(f"  {label} failed: {e}", file=sys.stderr)
                for preset in EDIT_PRESETS:  # issue 13
                    for how in ("key", "pointer"):
                        edits.append(measure_edit(bench, preset, how, args.steps))
            finally:
                browser.close()
    finally:
        stop_server(proc)
    report(loads, nets, py, args)
    report_edits(edits)  # issue 13


def pooled(loads: list[dict]) -> dict:
    """One network case over several fresh page loads: the median of each load's timings, its
    key presses pooled (their median and p95 over every press), the median playback."""
    med = statistics.median
    first = loads[0]
    out = dict(first)
    for k in ("first", "all", "request", "decode", "draw", "bytes"):
        out[k] = med([r[k] for r in loads])
    servers = [r["server"] for r in loads if r.get("server") is not None]
    out["server"] = med(servers) if servers else None
    for k in ("paint", "twoRaf", "handler"):
        out[k] = [x for r in loads for x in r[k]]
    out["play"] = {k: med([r["play"][k] for r in loads]) for k in first["play"]}
    out["each"] = [{"first": r["first"], "request": r["request"]} for r in loads]
    out["draws"] = {k: med([r["draws"].get(k, 0) for r in loads]) for k in first["draws"]}
    return out


def report(loads: dict, nets: list[dict], py: dict, args) -> None:
    med = statistics.median
    full = med(loads["full"])

    def ratio(ms: float) -> str:
        return f"{ms / full:.2f}x"

    print(
        f"\nChromium {CHROMIUM} headless, {os.cpu_count()} CPUs; {where(args)}; median of {args.repeat} fresh page loads\n"
    )
    print("| page | ready | × bare full plotly | all views drawn | target | more |")
    print("|---|---:|---:|---:|---|---|")
    print(
        f"| empty page (reference) | {med(loads['empty']) / 1e3:.2f} s | {ratio(med(loads['empty']))} | | | |"
    )
    print(
        f"| bare page, full plotly.min.js, one 2×2 heatmap (reference) | {full / 1e3:.2f} s | 1.00x | | | |"
    )
    cart = med(loads["cartesian"])
    print(
        f"| bare page, cartesian partial bundle, one 2×2 heatmap (reference) | {cart / 1e3:.2f} s | {ratio(cart)} | | | |"
    )
    for key, path in (("book", "/?preset=book-rnn"), ("embed", "/embed?preset=book-rnn")):
        rs = loads[key]
        ready = med([r["ready"] for r in rs])
        drawn = med([r["all"] for r in rs])
        worked = med([r["worked"] for r in rs if r["worked"] is not None] or [float("nan")])
        before = sum(not r["plotlyAtWorked"] for r in rs)
        # ready before plotly.js had run (window.Plotly seen by a frame callback after it)
        unplotted = sum(r["plotly"] is None or r["ready"] < r["plotly"] for r in rs)
        reload = med([r["reload"] for r in rs])
        fetched = med([r["fetched"] for r in rs])
        print(
            f"| `{path}` | {ready / 1e3:.2f} s | {ratio(ready)} | {drawn / 1e3:.2f} s ({ratio(drawn)}) | ≤ 0.5x | worked step's numbers at "
            f"{worked / 1e3:.2f} s, before plotly.js in {before}/{len(rs)} loads; ready before plotly.js ran in {unplotted}/{len(rs)}; "
            f"reloaded (cache warm): ready at {reload / 1e3:.2f} s, {fetched:.0f} responses over the network |"
        )
    for r in nets:
        rec = ",".join(sorted(r["fields"])) + (" float32" if r["float32"] else " float64")
        enc = r["sent"]["options"].get("encoding")
        client = med([c[0] for c in py[r["case"]]]) * 1e3
        computes = [c[1] for c in py[r["case"]] if c[1] is not None]
        # the server's compute time of each request (Server-Timing): on a shared machine it moves
        # with the load, and the page's request and the client's run minutes apart at T=10,000
        split = ""
        if r.get("server") is not None and computes:
            split = f"; server compute {r['server']:.0f} vs {med(computes) * 1e3:.0f} ms, the rest {r['request'] - r['server']:.0f} vs {client - med(computes) * 1e3:.0f} ms"
        big = r["case"].startswith("LSTM T=10000")
        # each load's request against the client's request that followed it
        each = " ".join(
            f"{e['request'] / c[0] / 1e3:.1f}x" for e, c in zip(r["each"], py[r["case"]], strict=True)
        )
        print(
            f"| {r['case']}, first view ({rec}; {enc}, {r['bytes'] / 1e6:.1f} MB) | {r['first'] / 1e3:.2f} s | "
            f"{ratio(r['first'])} | {r['all'] / 1e3:.2f} s ({ratio(r['all'])}) | {'≤ 3x' if big else '≤ 1.0x'} | request {r['request']:.0f} ms "
            f"(Python client, same body: {client:.0f} ms, {r['request'] / client:.1f}x{'' if big else ', target ≤ 3x'}; each load: {each}{split}), "
            f"decode {r['decode']:.0f} ms, draw {r['draw']:.0f} ms |"
        )
    print(
        "\n| stepping (→ key to painted frame, ms) | paint p50 | paint p95 | 2×rAF p50 | 2×rAF p95 | handler p50 | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    for r in nets:
        big = r["case"].startswith("LSTM T=10000")
        print(
            f"| {r['case']} | {med(r['paint']):.1f} | {pct(r['paint'], 0.95):.1f} | {med(r['twoRaf']):.1f} | "
            f"{pct(r['twoRaf'], 0.95):.1f} | {med(r['handler']):.1f} | {'p50 ≤ 33' if big else 'p50 ≤ 16, p95 ≤ 33'} |"
        )
    print(
        "\n| playback at 30 steps/s, 3 s | steps/s | frames/s | frames showing a new step /s | steps never shown | target |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for r in nets:
        pl = r["play"]
        print(
            f"| {r['case']} | {pl['steps']:.1f} | {pl['fps']:.1f} | {pl['shown']:.1f} | {pl['skipped']} | "
            "every step shown, ≥ 30 fps |"
        )
    for r in nets:
        print(
            f"\n{r['case']}: draw split (ms, synchronous part): "
            + ", ".join(f"{k} {v:.0f}" for k, v in r["draws"].items())
        )
    print(
        f"\nThe networks' rows: the median of {args.repeat} fresh page loads, each followed by the Python client's request; "
        f"the key presses of every load pooled ({args.steps} per load timed to the painted frame, {-(-args.steps // 2)} more to the second frame).\n"
        "paint = key to the end of the frame that shows the step; 2×rAF = key to the second animation frame "
        "after it (one vsync more), on presses of its own; ready, first view = navigation start to the views in the viewport drawn "
        f"(data-state=ready; the viewport is {where(args)}); all views drawn = navigation start to every view drawn, "
        "those below the fold included (data-drawn=all)."
    )


# ---- issue 13 (branch i13-edit): input to painted frame while a weight is edited --------------
# A weight of the worked step is nudged with ↑ (keyboard) or moved by a pointer drag (one
# pointermove per sample); each edit re-runs the network on the server and every view follows
# (edit.js, liveplots.js). Timed as the stepping measure above: the input event is dispatched at
# a random point of a frame; "paint" is input → a task queued from the animation frame after the
# page drew that edit (data-edit-shown counts the live runs drawn).
EDIT_JS = """async ([n, how]) => {
  const raf = () => new Promise((r) => requestAnimationFrame(r));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const root = document.documentElement;
  const shown = () => +(root.dataset.editShown || 0);
  const el = () => document.querySelector('#worked [data-p^="w:0:0:W_h:"]');
  const paint = [], all = [], handler = [];
  const plotted = () => +(root.dataset.editPlotted || 0);
  el().focus();
  let x = 0;
  if (how === "pointer") {
    const b = el().getBoundingClientRect();
    x = b.left + 2;
    el().dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, pointerId: 7, button: 0, isPrimary: true, pointerType: "mouse", clientX: x, clientY: b.top + 2 }));
  }
  const y = el().getBoundingClientRect().top + 2;
  await raf();
  for (let i = 0; i < n; i++) {
    await raf();
    await sleep(Math.random() * 16);
    const before = shown();
    const t0 = performance.now();
    if (how === "pointer") {
      x += 4 * (i % 20 < 10 ? 1 : -1); // back and forth: the weight stays near its value
      window.dispatchEvent(new PointerEvent("pointermove", { bubbles: true, pointerId: 7, isPrimary: true, pointerType: "mouse", clientX: x, clientY: y }));
    } else {
      el().dispatchEvent(new KeyboardEvent("keydown", { key: i % 20 < 10 ? "ArrowUp" : "ArrowDown", bubbles: true }));
    }
    handler.push(performance.now() - t0);
    while (shown() === before) await sleep(1);
    const id = window.rnnscope.app.run.meta.id; // the run drawn for this input
    // edit.js notes when the frame that shows this run's numbers has been painted
    const target = shown();
    const painted = () => (root.dataset.editPainted || "0 0").split(" ").map(Number);
    while (painted()[0] < target) await sleep(1);
    paint.push(painted()[1] - t0);
    while (plotted() < id && performance.now() - t0 < 3000) await sleep(1);
    all.push(performance.now() - t0); // every figure restyled with this input's numbers
  }
  if (how === "pointer") window.dispatchEvent(new PointerEvent("pointerup", { bubbles: true, pointerId: 7, isPrimary: true, pointerType: "mouse", clientX: x, clientY: y }));
  await sleep(1000);
  const parts = (window.rnnscope.timings.edits || []).slice(-n);
  const split = {};
  for (const k of ["request", "panels", "plots", "step"]) {
    const xs = parts.map((p) => p[k]).sort((a, b) => a - b);
    split[k] = xs.length ? xs[Math.floor(xs.length / 2)] : null;
  }
  return { paint, all, handler, split };
}"""

EDIT_PRESETS = ("book-rnn", "tf1-basic-lstm")


def measure_edit(bench: Bench, preset: str, how: str, n: int) -> dict:
    """Input → painted frame for n edits of a recurrent weight in the worked step (how: key | pointer)."""
    ctx = bench.context()
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(bench.url(f"/?preset={preset}"))
        wait_state(page, preset, 120)
        page.wait_for_timeout(300)
        res = page.evaluate(EDIT_JS, [n, how])
        page.evaluate("document.activeElement && document.activeElement.blur()")
        res["step"] = page.evaluate(STEP_JS, {"n": n})[
            "paint"
        ]  # reference: → key to painted frame, same page
        if errors:
            raise RuntimeError(f"{preset}: {errors[:3]}")
    finally:
        ctx.close()
    return {"case": f"{preset}, {'↑ key' if how == 'key' else 'pointer drag'}", **res}


def report_edits(edits: list[dict]) -> None:
    med = statistics.median
    print(
        "\n| editing a weight (input → painted frame, ms) | numbers p50 | numbers p95 | every plot p50 | every plot p95 | "
        "handler p50 | reference: → key, step p50 | target |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for r in edits:
        print(
            f"| {r['case']} | {med(r['paint']):.1f} | {pct(r['paint'], 0.95):.1f} | {med(r['all']):.1f} | "
            f"{pct(r['all'], 0.95):.1f} | {med(r['handler']):.1f} | {med(r['step']):.1f} | numbers p50 ≤ 50 |"
        )
    for r in edits:
        sp = r.get("split") or {}
        print(
            f"\n{r['case']}: median split (ms): "
            + ", ".join(f"{k} {v:.1f}" for k, v in sp.items() if v is not None)
        )


def alone(args, measure) -> None:
    """A server and a browser for one part of the bench run alone: measure(bench) does the rest."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    proc = start_server(port, env=LIMITS)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=not args.headed
            )
            try:
                measure(Bench(browser, f"http://127.0.0.1:{port}", args.device, args.lang))
            finally:
                browser.close()
    finally:
        stop_server(proc)


def edit_main(args) -> None:
    """`--edit-only`: the editing rows alone."""
    edits: list[dict] = []
    alone(
        args,
        lambda bench: edits.extend(
            measure_edit(bench, preset, how, args.steps)
            for preset in EDIT_PRESETS
            for how in ("key", "pointer")
        ),
    )
    print(f"\nChromium {CHROMIUM} headless, {os.cpu_count()} CPUs; {where(args)}")
    report_edits(edits)


# ---- end of issue 13's block -------------------------------------------------------------------


# ---- the bench's own instrument: the 2×rAF figure timed on the painted presses or on its own ----


def frame_ab_main(args) -> None:
    """`--frame-ab`: the → key's painted frame at H=128 timed with and without the second frame
    asked for before the key (the 2×rAF figure's instrument), in blocks of 30 presses alternated
    in each of --repeat fresh loads (three rounds each, the order flipped from load to load)."""
    label, T, H = CASES[0]
    out: dict[bool, dict[str, list[float]]] = {
        False: {"paint": [], "handler": []},
        True: {"paint": [], "handler": []},
    }

    def measure(bench: Bench) -> None:
        for load in range(args.repeat):
            ctx = bench.context()
            try:
                page = ctx.new_page()
                page.goto(bench.url(f"/?cfg={encode_cfg(request_body(T, H))}"), timeout=3_000_000)
                wait_state(page, label, 3000, drawn=True)
                for _ in range(3):
                    for nested in (False, True) if load % 2 == 0 else (True, False):
                        r = page.evaluate(STEP_JS, {"n": 30, "nested": nested})
                        out[nested]["paint"] += r["paint"]
                        out[nested]["handler"] += r["handler"]
            finally:
                ctx.close()
            print(f"  {label}: load {load + 1}/{args.repeat}", file=sys.stderr)

    alone(args, measure)
    med = statistics.median
    print(
        f"\nChromium {CHROMIUM} headless, {os.cpu_count()} CPUs; {where(args)}; {label}, {args.repeat} fresh loads"
    )
    print("\n| → key to painted frame (ms) | paint p50 | paint p95 | handler p50 | presses |")
    print("|---|---:|---:|---:|---:|")
    for nested, name in (
        (False, "as a person's key: no other frame asked for"),
        (True, "with the 2×rAF instrument's second frame asked for"),
    ):
        r = out[nested]
        print(
            f"| {name} | {med(r['paint']):.1f} | {pct(r['paint'], 0.95):.1f} | {med(r['handler']):.1f} | {len(r['paint'])} |"
        )


if __name__ == "__main__":
    main()
