// Line plots of chosen units of one quantity over time, with the current step marked.

import { plotlyText, visibleToken } from "../dom.js";
import { tr } from "../i18n.js";
import { attachMarker, baseLayout, config, newPlot, Plotly, purge, webglAvailable } from "../plots.js";
import { quantityLabel } from "../quantities.js";

// Okabe–Ito: distinguishable with every common colour-vision deficiency.
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

/** "0-3, 7" -> [0, 1, 2, 3, 7] within [0, K); at most `max` units. */
export function parseUnits(text, K, max = 16) {
  const out = [];
  for (const part of String(text || "").split(",")) {
    const m = part.trim().match(/^(\d+)(?:\s*-\s*(\d+))?$/);
    if (!m) continue;
    const a = +m[1];
    const b = m[2] === undefined ? a : +m[2];
    for (let k = Math.min(a, b); k <= Math.max(a, b) && out.length < max; k++) if (k < K && !out.includes(k)) out.push(k);
  }
  return out;
}

export function createLines(gd) {
  let marker = null;
  let lastT = 0;

  /** other: null, or run A to overlay, dashed ({run, view, label}: compare.js, issue 13). */
  function draw(run, v, field, g, units, other = null) {
    purge(gd.parentElement);
    marker = null;
    const tens = run && run.series(v.layer, v.dir, field, g);
    if (!tens) {
      gd.textContent = tr("plot.not-recorded");
      return Promise.resolve();
    }
    gd.textContent = "";
    const slab = tens.index0(field === "output" || field === "y" ? v.b : v.b);
    const [T, K] = slab.shape;
    const list = units.length ? units : Array.from({ length: Math.min(K, 4) }, (_, k) => k);
    const gl = T * list.length > 40_000 && webglAvailable();
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    const label = quantityLabel(run.cell, field, g);
    const traces = list.map((k, i) => ({
      type: gl ? "scattergl" : "scatter",
      mode: T <= 60 ? "lines+markers" : "lines",
      name: tr("unit.n", { k }),
      y: slab.column(k),
      line: { color: PALETTE[i % PALETTE.length], width: 2 },
      marker: { size: 5 },
      text: tokens || undefined,
      hovertemplate: tokens
        ? `t = %{x} ‘%{text}’<br>${tr("unit.n", { k })}: %{y:.6g}<extra></extra>`
        : `t = %{x}<br>${tr("unit.n", { k })}: %{y:.6g}<extra></extra>`,
    }));
    const tensA = other ? other.run.series(other.view.layer, other.view.dir, field, g) : null;
    if (tensA) {
      // the same units of run A, dashed and lighter; every name says which run it is
      const slabA = tensA.index0(other.view.b);
      const [TA, KA] = slabA.shape;
      traces.forEach((tr0, i) => {
        tr0.name = `${tr0.name} · B`;
        tr0.legendgroup = `u${list[i]}`;
      });
      list.forEach((k, i) => {
        if (k >= KA) return;
        traces.push({
          type: gl ? "scattergl" : "scatter",
          mode: TA <= 60 ? "lines+markers" : "lines",
          name: `${tr("unit.n", { k })} · ${other.label}`,
          legendgroup: `u${k}`,
          y: slabA.column(k),
          meta: "run-a", // run A: a live edit restyles B's traces only (liveplots.js)
          line: { color: PALETTE[i % PALETTE.length], width: 1.5, dash: "dash" },
          marker: { size: 4, symbol: "circle-open" },
          opacity: 0.75,
          hovertemplate: `t = %{x}<br>${tr("unit.n", { k })} (${other.label}): %{y:.6g}<extra></extra>`,
        });
      });
    }
    const layout = baseLayout({
      height: 260,
      margin: { l: 48, r: 10, t: 8, b: 34 },
      showlegend: true,
      legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0, font: { size: 10 } },
      hovermode: "x unified",
      xaxis: { title: { text: tr("axis.step"), standoff: 4 }, zeroline: false, gridcolor: "#eef0f3", dtick: T <= 20 ? 1 : undefined },
      yaxis: { title: { text: label }, zeroline: true, zerolinecolor: "#c7cbd1", gridcolor: "#eef0f3" },
    });
    return newPlot(Plotly(), gd, traces, layout, config(`rnnscope-${field}${g ? "-" + g : ""}-units`))
      .then(() => {
        marker = attachMarker(gd);
        marker.set(lastT);
      });
  }

  function step(t) {
    lastT = t;
    if (marker) marker.set(t);
  }

  return { draw, step };
}
