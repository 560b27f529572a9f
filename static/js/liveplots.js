// The plots during an edit (issue 13): the figures on screen get the newest run's numbers in
// place with Plotly.restyle (no purge, no newPlot). A restyle costs a whole figure's redraw
// (5–30 ms each), so they are spread over frames, one figure per frame, round robin, each in a
// task just after a frame is painted (the next input's frame is not held up by it): every figure
// shows the latest numbers within a few frames, and a drag never waits for all of them. The renderers' own state (hover readouts, the probability bars, the trajectory's dot)
// catches up at the full draw that follows the end of the edit (app.runNow).

import { $, $$ } from "./dom.js";
import { parseUnits } from "./render/lines.js";
import { parseQuantityId } from "./quantities.js";
import { plotlyScaleFor, scaleFor } from "./scales.js";

const P = () => window.Plotly;
const isPlot = (gd) => gd && gd.classList && gd.classList.contains("js-plotly-plot") && gd.data;

/** trajectory: the state space's renderer (render/trajectory.js): its 2-D view is a canvas, redrawn by its live(). */
export function createLivePlots({ onDone, trajectory = null } = {}) {
  let latest = null; // {r, v, st}
  let dirty = [];
  let frame = null;
  let busy = false;

  /** The figures to bring up to date, visible ones first. */
  function targets() {
    const list = [];
    for (const gd of $$("#heatmaps .js-plotly-plot")) list.push({ gd, fn: heatmap });
    list.push({ gd: $("#lines-plot"), fn: lines }, { gd: $("#outputs-plot"), fn: outputs });
    const onScreen = (gd) => {
      const b = gd.getBoundingClientRect();
      return b.bottom > 0 && b.top < innerHeight && b.width > 0;
    };
    const out = P() ? list.filter((t) => isPlot(t.gd)) : [];
    // the 2-D state space needs no plotly.js: a canvas redrawn in place (false: redrawn at the end)
    const traj = $("#traj-plot");
    if (trajectory && traj && traj.statespace) out.push({ gd: traj, fn: (gd, r, v) => (trajectory.live(r, v), null) });
    return out.sort((a, b) => onScreen(b.gd) - onScreen(a.gd));
  }

  function tick() {
    frame = null;
    if (busy || !latest) return;
    const next = dirty.shift();
    if (!next) {
      if (onDone) onDone(latest.r);
      return;
    }
    const { r, v, st } = latest;
    let p = null;
    try {
      p = next.fn(next.gd, r, v, st);
    } catch {
      p = null; // a figure that changed shape is redrawn by the full run at the end
    }
    if (p && typeof p.then === "function") {
      busy = true;
      p.then(
        () => done(),
        () => done(),
      );
    } else done();
  }
  const afterPaint = (fn) => requestAnimationFrame(() => setTimeout(fn, 0));
  function done() {
    busy = false;
    frame = afterPaint(tick);
  }

  return {
    /** Run r is on screen: restyle every figure from it, one per frame. */
    update(r, v, st) {
      latest = { r, v, st };
      const ts = targets();
      if (!ts.length) return;
      // round robin: the figures still waiting keep their place, the others queue behind them
      const waiting = new Set(dirty.map((t) => t.gd));
      dirty = [...dirty.filter((t) => ts.some((x) => x.gd === t.gd)), ...ts.filter((t) => !waiting.has(t.gd))];
      // the first figure a frame later: the frame that shows the new numbers carries no restyle
      if (!frame && !busy) frame = requestAnimationFrame(() => (frame = afterPaint(tick)));
    },
    /** Drop what is queued (the full draw replaces every figure). */
    cancel() {
      dirty = [];
      latest = null;
      frame = null; // a tick already queued finds nothing to do
    },
    get pending() {
      return dirty.length;
    },
  };
}

function heatmap(gd, r, v) {
  const meta = gd._rnnscope;
  if (!meta || !meta.small) return null;
  const tens = r.series(v.layer, v.dir, meta.field, meta.g);
  if (!tens || tens.shape[1] !== meta.T || tens.shape[2] !== meta.K) return null;
  const slab = tens.index0(v.b);
  meta.slab = slab; // the hover readout reads it
  const z = Array.from({ length: meta.K }, (_, k) => slab.column(k));
  const sc = scaleFor(r, meta.field, meta.g);
  return P().restyle(gd, { z: [z], zmin: [sc.zmin], zmax: [sc.zmax], colorscale: [plotlyScaleFor(sc)] }, [0]);
}

function lines(gd, r, v, st) {
  const { field, g } = parseQuantityId(st.lq);
  const tens = r.series(v.layer, v.dir, field, g);
  if (!tens) return null;
  const slab = tens.index0(v.b);
  const K = slab.shape[1];
  const units = parseUnits(st.units, K);
  const list = units.length ? units : Array.from({ length: Math.min(K, 4) }, (_, k) => k);
  const own = ownTraces(gd);
  if (list.length !== own.length) return null;
  return P().restyle(gd, { y: list.map((k) => slab.column(k)) }, own);
}

function outputs(gd, r, v) {
  const tens = r.y || r.output;
  const series = tens.index0(v.b);
  const K = series.shape[1];
  if (gd.data[0].type === "heatmap") return P().restyle(gd, { z: [Array.from({ length: K }, (_, k) => series.column(k))] }, [0]);
  const own = ownTraces(gd);
  if (own.length > K) return null;
  return P().restyle(gd, { y: own.map((_, k) => series.column(k)) }, own);
}

/** Indices of the traces drawn from the run being edited: not run A's overlay (compare.js). */
function ownTraces(gd) {
  const out = [];
  gd.data.forEach((t, i) => t.meta !== "run-a" && out.push(i));
  return out;
}
