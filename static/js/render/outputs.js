// Outputs: the readout y over time (lines, or a heatmap for many classes) and, at the current
// step, each class's value as a bar (softmax: probabilities per token).

import { h, plotlyText, replaceChildren, visibleToken } from "../dom.js";
import { fmt } from "../format.js";
import { tr } from "../i18n.js";
import { attachMarker, baseLayout, config, newPlot, Plotly, purge } from "../plots.js";
import { plotlyScale, SEQUENTIAL, DIVERGING } from "../scales.js";
import { PALETTE } from "./lines.js";

const MAX_LINES = 8;
const MAX_BARS = 12;

export function createOutputs(gd, bars, note) {
  let marker = null;
  let run = null;
  let view = null;
  let series = null; // (T, K) tensor of the current sequence
  let labels = [];
  let lastT = 0;
  let rows = [];
  let labelText = (k) => labels[k];

  /** other: null, or run A to overlay, dashed ({run, view, label}: compare.js, issue 13). */
  function draw(r, v, other = null) {
    run = r;
    view = v;
    purge(gd.parentElement);
    marker = null;
    series = null;
    if (!run) return Promise.resolve();
    const isY = !!run.y;
    const tens = isY ? run.y : run.output;
    series = tens.index0(v.b);
    const [T] = series.shape;
    // without a readout the output is the top layer's h (drawn as a heatmap above): a few lines here
    const K = isY ? series.shape[1] : Math.min(series.shape[1], MAX_LINES);
    const act = isY ? (run.model.readout && run.model.readout.activation) || "identity" : null;
    labels = isY ? run.classLabels() : Array.from({ length: series.shape[1] }, (_, k) => (run.D === 2 ? tr(k < run.P ? "outputs.fwd" : "outputs.bwd", { k: k % run.P }) : `h[${k}]`));
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    labelText = isY ? (k) => visibleToken(labels[k]) : (k) => labels[k];
    if (isY) {
      note.textContent =
        act === "softmax"
          ? tr("outputs.softmax", { k: K })
          : tr("outputs.readout", { act: act === "identity" ? "" : act, n: K });
    } else {
      const bi = run.D === 2 ? tr("outputs.bi") : "";
      note.textContent = series.shape[1] > K ? tr("outputs.none-some", { bi, k: K, n: series.shape[1] }) : tr("outputs.none", { bi });
    }
    let traces;
    let layout;
    const name = isY ? "y" : tr("outputs.output");
    if (K <= MAX_LINES) {
      traces = Array.from({ length: K }, (_, k) => ({
        type: "scatter",
        mode: T <= 60 ? "lines+markers" : "lines",
        name: plotlyText(isY ? visibleToken(labels[k]) : labels[k]),
        y: series.column(k),
        text: tokens || undefined,
        line: { color: PALETTE[k % PALETTE.length], width: 2 },
        hovertemplate: `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>${plotlyText(isY ? visibleToken(labels[k]) : labels[k])}: %{y:.6g}<extra></extra>`,
      }));
      // run A's outputs of the same kind (y beside y, h beside h), dashed
      const tensA = other ? (isY ? other.run.y : other.run.y ? null : other.run.output) : null;
      if (tensA && tensA.shape.length === 3) {
        const sA = tensA.index0(other.view.b);
        const KA = Math.min(sA.shape[1], MAX_LINES);
        traces.forEach((t0) => (t0.name = `${t0.name} · B`));
        for (let k = 0; k < KA; k++) {
          const nm = isY ? (k < labels.length ? visibleToken(labels[k]) : `y${k}`) : `h[${k}]`;
          traces.push({
            type: "scatter",
            mode: sA.shape[0] <= 60 ? "lines+markers" : "lines",
            name: `${plotlyText(nm)} · ${other.label}`,
            y: sA.column(k),
            meta: "run-a", // run A: a live edit restyles B's traces only (liveplots.js)
            line: { color: PALETTE[k % PALETTE.length], width: 1.5, dash: "dash" },
            marker: { size: 4, symbol: "circle-open" },
            opacity: 0.75,
            hovertemplate: `t = %{x}<br>${plotlyText(nm)} (${other.label}): %{y:.6g}<extra></extra>`,
          });
        }
        note.textContent += " " + tr("compare.outputs-dashed");
      } else if (other) note.textContent += " " + tr(other.run.y && !isY ? "compare.outputs-a-readout" : "compare.outputs-b-readout");
      layout = baseLayout({
        height: 240,
        margin: { l: 48, r: 10, t: 8, b: 34 },
        showlegend: K > 1 || traces.length > K,
        legend: { orientation: "h", y: 1.02, yanchor: "bottom", x: 0 },
        xaxis: { title: { text: tr("axis.step"), standoff: 4 }, gridcolor: "#eef0f3", zeroline: false, dtick: T <= 20 ? 1 : undefined },
        yaxis: { title: { text: name }, gridcolor: "#eef0f3", range: act === "softmax" || act === "sigmoid" ? [0, 1] : undefined },
      });
    } else {
      const z = Array.from({ length: K }, (_, k) => series.column(k));
      const unit = act === "softmax" || act === "sigmoid";
      let m = 0;
      for (const v2 of series.data) if (Number.isFinite(v2)) m = Math.max(m, Math.abs(v2));
      traces = [
        {
          type: "heatmap",
          z,
          y: labels.map((l) => plotlyText(visibleToken(l))),
          colorscale: plotlyScale(unit ? SEQUENTIAL : DIVERGING),
          // probabilities from 0 to the largest one (many classes are all far from 1)
          zmin: unit ? 0 : -m || -1,
          zmax: m || 1,
          colorbar: { thickness: 10, outlinewidth: 0 },
          hovertemplate: "t = %{x}<br>%{y}: %{z:.6g}<extra></extra>",
        },
      ];
      layout = baseLayout({
        height: Math.min(320, 60 + K * 10),
        margin: { l: 48, r: 56, t: 6, b: 30 },
        xaxis: { title: { text: tr("axis.step"), standoff: 4 } },
        yaxis: { autorange: "reversed", type: "category" },
      });
      if (other) note.textContent += " " + tr("compare.outputs-many");
    }
    buildBars(series.shape[1], act);
    return newPlot(Plotly(), gd, traces, layout, config(`rnnscope-${name}`))
      .then(() => {
        marker = attachMarker(gd);
        marker.set(lastT);
        step(lastT);
      });
  }

  function buildBars(K, act) {
    rows = [];
    const n = Math.min(K, MAX_BARS);
    const title = h("p", { class: "probs-title" });
    const list = h("ol", { class: "bars" });
    for (let k = 0; k < n; k++) {
      const label = h("span", { class: "bar-label" });
      const fill = h("span", { class: "bar-fill" });
      const value = h("span", { class: "bar-value" });
      const li = h("li", { class: "bar" }, label, h("span", { class: "bar-track" }, fill), value);
      list.append(li);
      rows.push({ li, label, fill, value });
    }
    replaceChildren(bars, title, list, h("p", { class: "probs-next" }));
    bars.dataset.act = act || "none";
  }

  function step(t) {
    lastT = t;
    if (marker) marker.set(t);
    if (!series || !rows.length) return;
    const vals = Array.from(series.row(t));
    const act = bars.dataset.act;
    const sorted = vals.map((v, k) => [v, k]);
    const ranked = act === "softmax" || vals.length > MAX_BARS;
    if (ranked) sorted.sort((a, b) => (b[0] || 0) - (a[0] || 0));
    const maxAbs = Math.max(1e-12, ...vals.filter(Number.isFinite).map(Math.abs));
    const unit = act === "softmax" || act === "sigmoid";
    const tok = run.tokenAt(view.b, t);
    bars.firstChild.textContent =
      tr(act === "softmax" ? "outputs.probs-at" : "outputs.values-at", { t }) + (tok !== null && tok !== "" ? ` (‘${visibleToken(tok)}’)` : "") + (ranked && vals.length > MAX_BARS ? tr("outputs.top", { n: MAX_BARS }) : "");
    rows.forEach((row, i) => {
      const [v, k] = sorted[i];
      row.label.textContent = labelText(k);
      row.value.textContent = act === "softmax" ? `${(v * 100).toFixed(1)}%` : fmt(v, 4);
      const frac = unit ? Math.max(0, Math.min(1, v)) : Math.abs(v) / maxAbs;
      row.fill.style.width = `${(frac * 100).toFixed(1)}%`;
      row.fill.classList.toggle("neg", v < 0);
      row.li.title = `${labelText(k)}: ${v}`;
    });
    const next = bars.lastChild;
    if (run.tokens && act === "softmax" && run.y && t + 1 < run.T) {
      const nt = run.tokens[view.b][t + 1];
      const k = labels.indexOf(nt);
      next.textContent = k >= 0 ? tr("outputs.next", { tok: visibleToken(nt), p: (vals[k] * 100).toFixed(1) }) : "";
    } else next.textContent = "";
  }

  /** Only the marker (the bars are off screen). */
  function mark(t) {
    lastT = t;
    if (marker) marker.set(t);
  }

  return { draw, step, mark };
}
