// The gradients panel: the Jacobian-norm curve ‖∂s_end/∂s_t‖ on a log axis, a heatmap of
// |∂L/∂h_t| per unit over time on a log colour scale, and a sentence reading the curve at the
// current step. Both plots are drawn once per run or selection. A step change rewrites the
// sentence, moves the overlay lines (no Plotly call) and restyles the one-point marker trace of
// the curve: one restyle in flight at most and DOT_EVERY_MS apart while steps come fast (playing,
// a held arrow key), the last step always drawn. The curve's data is never touched again.

import { $, h, plotlyText, replaceChildren, visibleToken } from "../dom.js";
import { fmt, fmtExact } from "../format.js";
import { EXPLODE, VANISH, decadeTicks, fmtStrength, logMagnitude, lossOf, positiveRange, readingAt } from "../gradients.js";
import { tr, trNodes } from "../i18n.js";
import { attachMarker, baseLayout, config, linkXRanges, newPlot, Plotly, purgeFigure } from "../plots.js";
import { SEQUENTIAL, plotlyScale } from "../scales.js";
import { Tensor } from "../tensor.js";
import { sampleColumns } from "./heatmaps.js";

const SMALL = 60_000; // heatmap cells up to which every hover label carries the exact value
const MARGIN_L = 58;
const MARGIN_R = 78; // the same for both plots, so their time axes line up
const INK = "#0f1b3d";
const DOT = "#dc2626";
const DOT_EVERY_MS = 120; // a Plotly call costs a frame or so; the overlay line moves every frame
const verdictText = (v) => tr(`grad.verdict.${v}`); // vanishing, exploding, kept, unknown

export function createGradients(panel, { onPick } = {}) {
  const el = {
    reading: $("#grad-reading", panel),
    loss: $("#grad-loss", panel),
    note: $("#grad-note", panel),
    curveFig: $("#grad-curve-fig", panel),
    curve: $("#grad-curve", panel),
    curveReadout: $("#grad-curve-readout", panel),
    heat: $("#grad-heat", panel),
    heatReadout: $("#grad-heat-readout", panel),
    heatStride: $("#grad-heat-stride", panel),
  };
  let run = null;
  let view = null;
  let curve = null; // (T) strengths of the selected layer, direction and sequence
  let slab = null; // (T, P) ∂L/∂h of the same
  let lastT = 0;
  let markers = [];
  let gen = 0; // drawing generation: a late restyle of an older figure is ignored
  const newDot = () => ({ ready: false, pending: false, want: 0, shown: -1, last: 0 });
  let dot = newDot(); // the marker trace's state, one object per drawing

  function clearPlots() {
    gen++;
    dot = newDot();
    markers = [];
    if (!window.Plotly) return;
    for (const gd of [el.curve, el.heat]) if (gd.classList.contains("js-plotly-plot")) purgeFigure(Plotly(), gd);
  }

  /** Everything but the plots (no Plotly needed): visibility, loss, notes, the reading. */
  function prepare(r, v, show) {
    run = r && r.gradients ? r : null;
    view = v;
    panel.hidden = !(run && show);
    if (!run) {
      clearPlots();
      curve = slab = null;
      return;
    }
    const g = run.gradients;
    const jac = g.jacobian && g.jacobian[v.layer] ? g.jacobian[v.layer][v.dir] : null;
    curve = jac ? jac.row(v.b) : null;
    const hid = g.hidden[v.layer] ? g.hidden[v.layer][v.dir] : null;
    slab = hid ? hid.index0(v.b) : null;
    const loss = lossOf(run.body);
    const what = tr(loss && loss.kind === "mse" ? "grad.loss.mse" : run.y ? "grad.loss.sum-y" : "grad.loss.sum");
    el.loss.textContent = Number.isFinite(g.loss) ? `L = ${fmt(g.loss, 6)} · ${what}` : tr("grad.loss-not-finite", { what });
    const s = `${run.L > 1 ? tr("grad.s-layer", { l: v.layer }) : ""}h${run.cell === "lstm" ? tr("grad.s-lstm") : ""}`;
    const notes = [tr("grad.note", { s, vanish: VANISH, explode: EXPLODE })];
    if (loss && loss.kind === "sum" && run.model.readout && run.model.readout.activation === "softmax") {
      notes.push(tr("grad.note-softmax"));
    }
    else if (!loss || loss.kind === "sum") notes.push(tr("grad.note-sum-flat")); // why |∂L/∂h_t| looks flat
    if (run.D === 2 && v.dir === 1) notes.push(tr("grad.note-backward"));
    else if (run.D === 2) notes.push(tr("grad.note-forward", { last: run.T - 1 }));
    el.note.textContent = notes.join(" ");
    el.curveFig.hidden = !curve;
    writeReading(lastT);
  }

  function tokenText(t) {
    if (!run.tokens) return null;
    const tok = run.tokenAt(view.b, t);
    return tok === null || tok === "" ? null : `‘${visibleToken(tok)}’`;
  }

  function writeReading(t) {
    if (!run) return;
    if (!curve) {
      el.reading.dataset.verdict = "none";
      replaceChildren(el.reading, tr("grad.no-curve"));
      return;
    }
    const r = readingAt(curve, view.dir, Math.min(t, curve.length - 1));
    const tok = tokenText(r.t);
    const at = [h("strong", {}, tr("grad.step", { t: r.t })), tok ? [" ", h("span", { class: "grad-tok" }, tok)] : null];
    el.reading.dataset.verdict = r.verdict;
    if (r.verdict === "end") {
      const dir = run.D === 2 ? tr(view.dir === 1 ? "grad.dir.backward" : "grad.dir.forward") : "";
      replaceChildren(el.reading, trNodes("grad.reading-end", { at, dir }));
      return;
    }
    const later = tr(view.dir === 1 ? "grad.later-backward" : "grad.later", { n: r.steps });
    const rate = r.perStep !== null ? tr("grad.rate", { r: fmt(r.perStep, 3) }) : r.strength === 0 ? tr("grad.nothing") : "";
    replaceChildren(
      el.reading,
      trNodes("grad.reading", {
        at,
        end: r.end,
        later,
        strength: h("strong", { class: "grad-num" }, fmtStrength(r.strength)),
        verdict: h("span", { class: `verdict verdict-${r.verdict}` }, verdictText(r.verdict)),
        rate,
      }),
    );
  }

  // ---- the plots

  /** other: null, or run A whose curve is drawn beside B's ({run, view, label}: compare.js, issue 13). */
  function draw(r, v, other = null) {
    clearPlots();
    if (!run || panel.hidden || !window.Plotly) return Promise.resolve();
    const my = gen;
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    const jobs = [];
    const gA = other && other.run.gradients;
    const jacA = gA && gA.jacobian && gA.jacobian[other.view.layer] ? gA.jacobian[other.view.layer][other.view.dir] : null;
    if (curve) jobs.push(drawCurve(tokens, my, jacA ? { curve: jacA.row(other.view.b), label: other.label } : null));
    if (slab) jobs.push(drawHeat(tokens, my));
    else replaceChildren(el.heat, h("p", { class: "panel-note" }, tr("grad.no-gradient")));
    return Promise.all(jobs).then(() => {
      if (my === gen) linkXRanges([el.curve, el.heat].filter((gd) => gd.classList.contains("js-plotly-plot")));
    });
  }

  function xaxis(T, extra = {}) {
    return { range: [-0.5, T - 0.5], zeroline: false, ticks: "outside", ticklen: 3, dtick: T <= 30 ? 1 : undefined, ...extra };
  }

  function drawCurve(tokens, my, other = null) {
    const T = curve.length;
    const y = Float64Array.from(curve, (v) => (v > 0 ? v : NaN)); // a log axis has no place for 0
    const rng = positiveRange(other ? Float64Array.from([...curve, ...other.curve]) : curve);
    let lo = Math.log10(VANISH) - 0.7;
    let hi = Math.log10(EXPLODE) + 0.7;
    if (rng) {
      lo = Math.min(lo, Math.log10(rng[0]) - 0.4);
      hi = Math.max(hi, Math.log10(rng[1]) + 0.4);
    }
    const exact = Array.from(curve, (v) => fmtExact(v, run.float32));
    const t0 = Math.min(lastT, T - 1);
    const traces = [
      {
        type: "scatter",
        mode: T <= 60 ? "lines+markers" : "lines",
        name: "strength",
        y,
        line: { color: INK, width: 2 },
        marker: { size: 4, color: INK },
        customdata: exact,
        text: tokens || undefined,
        hovertemplate: `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>‖∂s_end/∂s_t‖ = %{customdata}<extra></extra>`,
      },
      {
        type: "scatter",
        mode: "markers",
        name: tr("grad.current-step"),
        x: [t0],
        y: [curve[t0] > 0 ? curve[t0] : null],
        marker: { size: 11, color: DOT, line: { color: "#ffffff", width: 2 } },
        hoverinfo: "skip",
      },
    ];
    if (other) {
      // run A's curve, dashed (after the marker trace: the step restyles trace 1)
      const exactA = Array.from(other.curve, (v) => fmtExact(v, false));
      traces[0].name = "B";
      traces[1].showlegend = false;
      traces.push({
        type: "scatter",
        mode: other.curve.length <= 60 ? "lines+markers" : "lines",
        name: other.label,
        y: Float64Array.from(other.curve, (v) => (v > 0 ? v : NaN)),
        line: { color: "#E69F00", width: 2, dash: "dash" },
        marker: { size: 4, color: "#E69F00", symbol: "circle-open" },
        customdata: exactA,
        hovertemplate: `${other.label} · t = %{x}<br>‖∂s_end/∂s_t‖ = %{customdata}<extra></extra>`,
      });
    }
    const band = (y0, y1, color) => ({ type: "rect", xref: "paper", yref: "y", x0: 0, x1: 1, y0, y1, fillcolor: color, line: { width: 0 }, layer: "below" });
    const rule = (y0, color) => ({ type: "line", xref: "paper", yref: "y", x0: 0, x1: 1, y0, y1: y0, line: { color, width: 1, dash: "dot" }, layer: "below" });
    // in the right margin, beside the plot: never over the curve (annotations take log10 y)
    const label = (y0, text, color, anchor) => ({ xref: "paper", yref: "y", x: 1, xanchor: "left", xshift: 4, y: Math.log10(y0), yanchor: anchor, align: "left", text, showarrow: false, font: { size: 10.5, color } });
    const layout = baseLayout({
      height: 244,
      margin: { l: MARGIN_L, r: MARGIN_R, t: 22, b: 34 }, // room above for the threshold label of a thin band
      showlegend: !!other,
      legend: other ? { orientation: "h", x: 0, y: 1.0, yanchor: "bottom", font: { size: 10 } } : undefined,
      hovermode: "closest",
      xaxis: xaxis(Math.max(T, other ? other.curve.length : 0), { title: { text: tr("axis.step"), standoff: 4 }, gridcolor: "#eef0f3" }),
      // whole decades only (no 2- and 5- minor labels), at most about six of them
      yaxis: { type: "log", range: [lo, hi], dtick: Math.max(1, Math.ceil((hi - lo) / 6)), exponentformat: "power", gridcolor: "#eef0f3", title: { text: tr("grad.strength-axis") }, ticks: "outside", ticklen: 3 },
      shapes: [
        band(1e-300, VANISH, "rgba(33, 102, 172, 0.08)"),
        band(EXPLODE, 1e300, "rgba(178, 24, 43, 0.07)"),
        rule(VANISH, "#2166ac"),
        rule(EXPLODE, "#b2182b"),
        rule(1, "#9ca3af"),
      ],
      annotations: [
        label(EXPLODE, `${verdictText("exploding")}<br>${tr("grad.above", { x: EXPLODE })}`, "#b2182b", "bottom"),
        label(VANISH, `${verdictText("vanishing")}<br>${tr("grad.below", { x: VANISH })}`, "#2166ac", "top"),
      ],
    });
    const gd = el.curve;
    gd.setAttribute("aria-label", tr("grad.curve-aria-full", { n: T, a: fmtStrength(curve[0]), b: fmtStrength(curve[T - 1]), last: T - 1 }));
    return newPlot(Plotly(), gd, traces, layout, config("rnnscope-jacobian-norm"))
      .then(() => {
        if (my !== gen) return;
        gd.on("plotly_hover", (ev) => {
          const p = ev.points && ev.points.find((q) => q.curveNumber === 0);
          if (!p) return;
          const t = Math.round(p.x);
          const tok = tokenText(t);
          el.curveReadout.textContent = `t = ${t}${tok ? " " + tok : ""} · ${exact[t]}`;
        });
        gd.on("plotly_unhover", () => (el.curveReadout.textContent = ""));
        gd.on("plotly_click", (ev) => {
          const p = ev.points && ev.points[0];
          if (p && onPick) onPick(Math.round(p.x), null);
        });
        const m = attachMarker(gd);
        m.set(lastT);
        markers.push(m);
        dot.ready = true;
        dot.shown = t0;
        moveDot(lastT);
      });
  }

  function drawHeat(tokens, my) {
    const [T, K] = slab.shape;
    const lm = logMagnitude(slab);
    const logSlab = new Tensor(lm.data, slab.shape);
    const small = T * K <= SMALL;
    const ticks = decadeTicks(lm.zmin, lm.zmax);
    const trace = {
      type: "heatmap",
      colorscale: plotlyScale(SEQUENTIAL),
      zmin: lm.zmin,
      zmax: lm.zmax,
      colorbar: { thickness: 10, len: 1, outlinewidth: 0, tickfont: { size: 10 }, x: 1.005, xpad: 4, tickvals: ticks.tickvals, ticktext: ticks.ticktext },
      hoverongaps: false,
      xgap: T <= 80 ? 1 : 0,
      ygap: K <= 40 ? 1 : 0,
    };
    if (small) {
      const z = new Array(K);
      const exact = new Array(K);
      for (let k = 0; k < K; k++) {
        z[k] = logSlab.column(k);
        exact[k] = Array.from(slab.column(k), (v) => fmtExact(v, run.float32));
      }
      trace.z = z;
      trace.customdata = exact;
      if (tokens) trace.text = Array.from({ length: K }, () => tokens);
      trace.hovertemplate = `t = %{x}${tokens ? " ‘%{text}’" : ""}<br>${tr("word.unit")} %{y}<br>∂L/∂h = %{customdata}<extra></extra>`;
      el.heatStride.textContent = "";
    } else {
      const smp = sampleColumns(logSlab, 0, T - 1);
      trace.x = smp.x;
      trace.z = smp.z;
      trace.hovertemplate = `t = %{x}<br>${tr("word.unit")} %{y}<br>log₁₀|∂L/∂h| = %{z:.3f}<extra></extra>`;
      if (smp.stride > 1) trace.xgap = 0;
      el.heatStride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
    }
    const layout = baseLayout({
      height: Math.round(Math.min(260, Math.max(110, 40 + K * 12))),
      margin: { l: MARGIN_L, r: MARGIN_R, t: 4, b: 28 },
      xaxis: xaxis(T, { showgrid: false }),
      yaxis: { autorange: "reversed", zeroline: false, showgrid: false, ticks: "outside", ticklen: 3, title: { text: tr("word.unit"), standoff: 2 } },
    });
    if (tokens && T <= 40) {
      layout.xaxis.tickmode = "array";
      layout.xaxis.tickvals = tokens.map((_, t) => t);
      layout.xaxis.ticktext = tokens.map((tok, t) => `${t}<br>${tok}`);
      layout.height += 12;
      layout.margin.b = 40;
    }
    if (K <= 12) {
      layout.yaxis.tickmode = "linear";
      layout.yaxis.dtick = 1;
    }
    const gd = el.heat;
    gd.setAttribute("aria-label", tr("grad.heat-aria-full", { k: K, t: T }));
    return newPlot(Plotly(), gd, [trace], layout, config("rnnscope-dL-dh"))
      .then(() => {
        if (my !== gen) return;
        gd.on("plotly_hover", (ev) => {
          const p = ev.points && ev.points[0];
          if (!p) return;
          const t = Math.round(p.x);
          const k = Math.round(p.y);
          const tok = tokenText(t);
          el.heatReadout.textContent = `t = ${t}${tok ? " " + tok : ""} · unit ${k} · ${fmtExact(slab.data[t * K + k], run.float32)}`;
        });
        gd.on("plotly_unhover", () => (el.heatReadout.textContent = ""));
        gd.on("plotly_click", (ev) => {
          const p = ev.points && ev.points[0];
          if (p && onPick) onPick(Math.round(p.x), Math.round(p.y));
        });
        if (!small) bindResample(gd, logSlab);
        const m = attachMarker(gd, { brick: true });
        m.set(lastT);
        markers.push(m);
      });
  }

  /** After a zoom or pan of a sampled heatmap, draw the visible steps again, as many as fit. */
  function bindResample(gd, logSlab) {
    const T = logSlab.shape[0];
    let current = null;
    gd.on("plotly_relayout", (ev) => {
      let from = 0;
      let to = T - 1;
      const r = ev["xaxis.range"] || (ev["xaxis.range[0]"] !== undefined ? [ev["xaxis.range[0]"], ev["xaxis.range[1]"]] : null);
      if (r) {
        from = Math.max(0, Math.floor(Math.min(r[0], r[1])));
        to = Math.min(T - 1, Math.ceil(Math.max(r[0], r[1])));
      } else if (!ev["xaxis.autorange"]) return;
      const key = `${from}-${to}`;
      if (key === current || to <= from) return;
      current = key;
      const smp = sampleColumns(logSlab, from, to);
      el.heatStride.textContent = smp.stride > 1 ? tr("heatmap.stride", { n: smp.stride }) : "";
      Plotly().restyle(gd, { x: [smp.x], z: [smp.z] });
    });
  }

  /** Restyle the marker trace to step t: one call in flight at most, the latest step wins. */
  function moveDot(t) {
    const d = dot;
    d.want = t;
    if (!d.ready || d.pending || d.shown === t) return;
    d.pending = true;
    const wait = Math.max(0, d.last + DOT_EVERY_MS - performance.now());
    const apply = () => {
      if (d !== dot || !curve) return; // redrawn meanwhile: the new drawing has its own marker
      const tt = Math.min(d.want, curve.length - 1);
      const v = curve[tt];
      Plotly()
        .restyle(el.curve, { x: [[tt]], y: [[v > 0 ? v : null]] }, [1])
        .catch(() => {})
        .finally(() => {
          d.pending = false;
          d.last = performance.now();
          d.shown = tt;
          if (d === dot && d.want !== tt) moveDot(d.want);
        });
    };
    setTimeout(() => requestAnimationFrame(apply), wait);
  }

  function step(t) {
    lastT = t;
    if (!run || panel.hidden) return;
    writeReading(t);
    for (const m of markers) m.set(t);
    moveDot(t);
  }

  return { prepare, draw, step, figures: () => ({ curve: el.curve, heat: el.heat }) };
}
