// The plots during an edit (issue 13): the figures on screen get the new run's numbers in place
// with Plotly.restyle (no purge, no newPlot), so a drag costs a few milliseconds per figure.
// Only what a weight changes is updated (values, colour ranges); titles, axes and layout stay.
// The renderers' own state (hover readouts, the probability bars, the trajectory's dot) catches
// up at the full draw that follows the end of the edit (app.runNow).

import { $, $$ } from "./dom.js";
import { pca } from "./pca.js";
import { parseUnits } from "./render/lines.js";
import { parseQuantityId } from "./quantities.js";
import { plotlyScaleFor, scaleFor } from "./scales.js";

const P = () => window.Plotly;
const isPlot = (gd) => gd && gd.classList && gd.classList.contains("js-plotly-plot") && gd.data;

/** Restyle every figure of the page from run r. Returns the names of the figures it updated. */
export function updatePlots(r, v, st) {
  if (!P()) return { done: [], ready: Promise.resolve() };
  const done = [];
  const jobs = [];
  for (const [name, fn] of [
    ["heatmaps", () => heatmaps(r, v)],
    ["lines", () => lines(r, v, st)],
    ["outputs", () => outputs(r, v)],
    ["trajectory", () => trajectory(r, v)],
  ]) {
    const p = fn();
    if (p) {
      done.push(name);
      jobs.push(p);
    }
  }
  return { done, ready: Promise.all(jobs) };
}

function heatmaps(r, v) {
  const jobs = [];
  for (const gd of $$("#heatmaps .js-plotly-plot")) {
    const meta = gd._rnnscope;
    if (!isPlot(gd) || !meta || !meta.small) continue;
    const tens = r.series(v.layer, v.dir, meta.field, meta.g);
    if (!tens || tens.shape[1] !== meta.T || tens.shape[2] !== meta.K) continue;
    const slab = tens.index0(v.b);
    meta.slab = slab; // the hover readout reads it
    const z = Array.from({ length: meta.K }, (_, k) => slab.column(k));
    const sc = scaleFor(r, meta.field, meta.g);
    jobs.push(P().restyle(gd, { z: [z], zmin: [sc.zmin], zmax: [sc.zmax], colorscale: [plotlyScaleFor(sc)] }, [0]));
  }
  return jobs.length ? Promise.all(jobs) : null;
}

function lines(r, v, st) {
  const gd = $("#lines-plot");
  if (!isPlot(gd)) return null;
  const { field, g } = parseQuantityId(st.lq);
  const tens = r.series(v.layer, v.dir, field, g);
  if (!tens) return null;
  const slab = tens.index0(v.b);
  const K = slab.shape[1];
  const units = parseUnits(st.units, K);
  const list = units.length ? units : Array.from({ length: Math.min(K, 4) }, (_, k) => k);
  if (list.length !== gd.data.length) return null;
  return P().restyle(gd, { y: list.map((k) => slab.column(k)) }, list.map((_, i) => i));
}

function outputs(r, v) {
  const gd = $("#outputs-plot");
  if (!isPlot(gd)) return null;
  const tens = r.y || r.output;
  const series = tens.index0(v.b);
  const K = series.shape[1];
  const tr0 = gd.data[0];
  if (tr0.type === "heatmap") return P().restyle(gd, { z: [Array.from({ length: K }, (_, k) => series.column(k))] }, [0]);
  const n = gd.data.length;
  if (n > K) return null;
  return P().restyle(gd, { y: Array.from({ length: n }, (_, k) => series.column(k)) }, Array.from({ length: n }, (_, i) => i));
}

function trajectory(r, v) {
  const gd = $("#traj-plot");
  if (!isPlot(gd) || gd.dataset.plotly === "gl3d") return null; // the 3-D view is redrawn at the end
  const tens = r.series(v.layer, v.dir, "h");
  if (!tens) return null;
  const slab = tens.index0(v.b);
  const [T, K] = slab.shape;
  let axes;
  if (K === 1) axes = [Float64Array.from({ length: T }, (_, t) => t), slab.column(0)];
  else if (K <= 3) axes = [slab.column(0), slab.column(1)];
  else axes = pca(slab.data, T, K, 2).coords;
  return P().restyle(gd, { x: [axes[0]], y: [axes[1]] }, [0]);
}
