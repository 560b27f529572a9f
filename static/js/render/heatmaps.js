// Heatmaps units × time for the chosen quantities of one layer, direction and sequence.
// Drawn once per run or selection; a step change only moves the markers.

import { h, plotlyText, replaceChildren, visibleToken } from "../dom.js";
import { fmt, fmtExact } from "../format.js";
import { tr } from "../i18n.js";
import { attachMarker, baseLayout, config, linkXRanges, newPlot, Plotly, purge } from "../plots.js";
import { listQuantities, quantityLabel, quantityId } from "../quantities.js";
import { plotlyScaleFor, scaleFor } from "../scales.js";

const SMALL = 60_000; // cells up to which hover labels carry the token
const MAX_COLS = 900; // steps drawn across one heatmap at most (more than its pixels)
const MAX_CELLS = 500_000; // cells handed to Plotly per heatmap at most

/**
 * Columns of a (T, K) slab between steps `from` and `to`, every `stride`-th step: exact values
 * of real steps (hover stays exact), few enough for Plotly to draw fast. Zooming in resamples.
 */
export function sampleColumns(slab, from, to) {
  const [, K] = slab.shape;
  const span = to - from + 1;
  const cols = Math.max(50, Math.min(MAX_COLS, Math.floor(MAX_CELLS / K)));
  const stride = Math.max(1, Math.ceil(span / cols));
  const C = Math.ceil(span / stride);
  const x = new Float64Array(C);
  for (let c = 0; c < C; c++) x[c] = from + c * stride;
  const Ctor = slab.data.constructor;
  const z = new Array(K);
  const d = slab.data;
  for (let k = 0; k < K; k++) {
    const row = new Ctor(C);
    for (let c = 0; c < C; c++) row[c] = d[(from + c * stride) * K + k];
    z[k] = row;
  }
  return { x, z, stride };
}

/** The colour scale in words: "0 to 1", "±0.153", "±4.1e4, log". */
function scaleNote(sc) {
  if (sc.kind === "unit") return tr("scale.unit");
  return tr(sc.kind === "log" ? "scale.log" : "scale.signed", { m: fmt(sc.zmax, 3) });
}

export function createHeatmaps(container, { onPick } = {}) {
  let markers = [];
  let run = null;
  let view = null;
  let lastT = 0;
  let gen = 0; // draws: a figure whose draw ends after a newer draw began is no longer shown

  function heightFor(K) {
    return Math.round(Math.min(240, Math.max(96, 36 + K * 12)));
  }

  function draw(r, v) {
    run = r;
    view = v;
    const my = ++gen;
    purge(container);
    markers = [];
    if (!run) return replaceChildren(container);
    const qs = listQuantities(run, v.q);
    if (!qs.length) {
      replaceChildren(container, h("p", { class: "panel-note" }, tr("heatmap.nothing")));
      return;
    }
    const figs = [];
    const gds = [];
    const specs = [];
    const tokens = run.tokens ? run.tokens[v.b] : null;
    for (const { field, g } of qs) {
      const tens = run.series(v.layer, v.dir, field, g);
      if (!tens) continue;
      const [, T, K] = tens.shape;
      const slab = tens.index0(v.b); // (T, K)
      const sc = scaleFor(run, field, g);
      const label = quantityLabel(run.cell, field, g);
      const id = quantityId(field, g);
      const readout = h("span", { class: "hover-readout", "aria-hidden": "true" });
      const stride = h("span", { class: "hm-stride" });
      const gd = h("div", { class: "plot plot-heatmap", role: "group", "aria-describedby": "plot-alt", "aria-label": tr("heatmap.aria", { label, k: K, t: T }) });
      const pngBtn = h("button", { type: "button", class: "btn btn-tiny", dataset: { pngHeatmap: id } }, "PNG");
      const fig = h(
        "figure",
        { class: "heatmap", dataset: { q: id } },
        h("figcaption", {}, h("span", { class: "hm-title" }, label), h("span", { class: "hm-stride hm-scale" }, scaleNote(sc)), stride, readout, pngBtn),
        h("div", { class: "plot-host" }, gd),
      );
      figs.push(fig);
      gds.push(gd);
      const small = T * K <= SMALL;
      const trace = {
        type: "heatmap",
        colorscale: plotlyScaleFor(sc),
        zmin: sc.zmin,
        zmax: sc.zmax,
        zmid: sc.kind === "unit" ? undefined : 0,
        colorbar: { thickness: 10, len: 1, outlinewidth: 0, tickfont: { size: 10 }, x: 1.005, xpad: 4 },
        hoverongaps: false,
        xgap: T <= 80 ? 1 : 0,
        ygap: K <= 40 ? 1 : 0,
      };
      if (small) {
        // units as rows (K × T), copied; the token in every hover label
        const z = new Array(K);
        for (let k = 0; k < K; k++) z[k] = slab.column(k);
        trace.z = z;
        if (tokens) {
          const row = tokens.map((tok) => plotlyText(visibleToken(tok)));
          trace.customdata = Array.from({ length: K }, () => row);
          trace.hovertemplate = `t = %{x} ‘%{customdata}’<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        } else {
          trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        }
      } else {
        const smp = sampleColumns(slab, 0, T - 1);
        trace.x = smp.x;
        trace.z = smp.z;
        trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>%{z:.6g}<extra></extra>`;
        if (smp.stride > 1) trace.xgap = 0;
        stride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      }
      const layout = baseLayout({
        height: heightFor(K),
        margin: { l: 40, r: 56, t: 4, b: 26 },
        xaxis: { title: { text: "" }, zeroline: false, showgrid: false, ticks: "outside", ticklen: 3 },
        yaxis: { autorange: "reversed", zeroline: false, showgrid: false, ticks: "outside", ticklen: 3, title: { text: "" } },
      });
      if (tokens && T <= 40) {
        layout.xaxis.tickmode = "array";
        layout.xaxis.tickvals = tokens.map((_, t) => t);
        layout.xaxis.ticktext = tokens.map((tok, t) => `${t}<br>${plotlyText(visibleToken(tok))}`);
        layout.height += 12;
        layout.margin.b = 38;
      }
      if (T <= 30 && !(tokens && T <= 40)) layout.xaxis.dtick = 1;
      if (K <= 12) {
        layout.yaxis.tickmode = "linear";
        layout.yaxis.dtick = 1;
      }
      gd._rnnscope = { slab, T, K, tokens, label, field, g, readout, stride, small };
      specs.push({ gd, trace, layout, id });
    }
    replaceChildren(container, figs);
    return Promise.all(
      specs.map(({ gd, trace, layout, id }) =>
        newPlot(Plotly(), gd, [trace], layout, config(`rnnscope-${id}`))
          .then(() => {
            if (my !== gen) return;
            bindHover(gd);
            if (!gd._rnnscope.small) bindResample(gd);
            const m = attachMarker(gd, { brick: true });
            m.set(lastT);
            markers.push(m);
          }),
      ),
    ).then(() => {
      if (my === gen) linkXRanges(gds);
    });
  }

  /** After a zoom or pan, draw the visible steps again, as many of them as fit. */
  function bindResample(gd) {
    const meta = gd._rnnscope;
    let current = null;
    gd.on("plotly_relayout", (ev) => {
      let from = 0;
      let to = meta.T - 1;
      const r = ev["xaxis.range"] || (ev["xaxis.range[0]"] !== undefined ? [ev["xaxis.range[0]"], ev["xaxis.range[1]"]] : null);
      if (r) {
        from = Math.max(0, Math.floor(Math.min(r[0], r[1])));
        to = Math.min(meta.T - 1, Math.ceil(Math.max(r[0], r[1])));
      } else if (!ev["xaxis.autorange"]) return;
      const key = `${from}-${to}`;
      if (key === current || to <= from) return;
      current = key;
      const smp = sampleColumns(meta.slab, from, to);
      meta.stride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      Plotly().restyle(gd, { x: [smp.x], z: [smp.z] });
    });
  }

  function bindHover(gd) {
    const meta = gd._rnnscope;
    gd.on("plotly_hover", (ev) => {
      const p = ev.points && ev.points[0];
      if (!p) return;
      const t = Math.round(p.x);
      const k = Math.round(p.y);
      const v = meta.slab.data[t * meta.K + k];
      const tok = meta.tokens ? ` ‘${visibleToken(meta.tokens[t])}’` : "";
      meta.readout.textContent = `t = ${t}${tok} · ${tr("word.unit")} ${k} · ${fmtExact(v, run.float32)}`;
    });
    gd.on("plotly_unhover", () => {
      meta.readout.textContent = "";
    });
    gd.on("plotly_click", (ev) => {
      const p = ev.points && ev.points[0];
      if (p && onPick) onPick(Math.round(p.x), Math.round(p.y));
    });
  }

  function step(t) {
    lastT = t;
    for (const m of markers) m.set(t);
  }

  function figureFor(id) {
    const fig = container.querySelector(`figure[data-q="${CSS.escape(id)}"] .js-plotly-plot`);
    return fig;
  }

  return { draw, step, figureFor, get view() { return view; } };
}
