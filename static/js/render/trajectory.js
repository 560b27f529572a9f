// The path of h through state space: the units themselves when there are at most 3, else a
// PCA projection (said so, with the explained variance). The current step is a moving dot.
// The 2-D view is our own canvas plot (canvasplot.js: no plot library, so the first view is
// ready before plotly.js loads, issue 11); the 3-D view is plotly.js's gl3d bundle, loaded
// the first time it is asked for.

import { createCanvasPlot, fmtG } from "../canvasplot.js";
import { h, plotlyText, visibleToken } from "../dom.js";
import { fmtExact } from "../format.js";
import { tr } from "../i18n.js";
import { pca } from "../pca.js";
import { baseLayout, config, loadPlotly3d, newPlot, plotly3d, purge } from "../plots.js";
import { colorAt, plotlyScale, TIME } from "../scales.js";

/**
 * Run A's path beside B's (compare.js, issue 13): in B's own axes when both have the same units
 * (the units themselves, or one PCA fitted on both paths), else in A's own coordinates (the
 * shapes compare, the positions do not). Returns {axes, note} or null.
 */
function pairedAxes(run, v, pr, other) {
  const tensA = other.run.series(other.view.layer, other.view.dir, "h");
  const tensB = run.series(v.layer, v.dir, "h");
  if (!tensA || !tensB) return null;
  const a = tensA.index0(other.view.b);
  const b = tensB.index0(v.b);
  const [TA, PA] = a.shape;
  const [TB, PB] = b.shape;
  const tIndexA = Float64Array.from({ length: TA }, (_, t) => t);
  if (PA === PB && PB <= 3) {
    const cols = Array.from({ length: PA }, (_, k) => a.column(k));
    return { axes: PA === 1 ? [tIndexA, cols[0]] : cols, joint: null, own: false };
  }
  if (PA === PB) {
    // one basis for both paths: PCA of the steps of B and A together
    const data = new Float64Array((TA + TB) * PB);
    data.set(b.data, 0);
    data.set(a.data, TB * PB);
    const r = pca(data, TA + TB, PB, 3);
    return {
      axes: r.coords.map((c) => c.slice(TB)),
      joint: { axes: r.coords.map((c) => c.slice(0, TB)), ratios: r.ratios },
      own: false,
    };
  }
  if (PA === 1) return { axes: [tIndexA, a.column(0)], joint: null, own: true };
  if (PA <= 3) return { axes: Array.from({ length: PA }, (_, k) => a.column(k)), joint: null, own: true };
  return { axes: pca(a.data, TA, PA, 3).coords, joint: null, own: true };
}

/** The two axes a 2-D view shows, and their names (1 unit: step and h[0]). */
function flatAxes(pr) {
  const T = pr.axes[0].length;
  if (pr.P === 1) return { axes: [Float64Array.from({ length: T }, (_, t) => t), pr.axes[0]], names: [tr("axis.step"), "h[0]"] };
  return { axes: pr.axes.slice(0, 2), names: pr.names.slice(0, 2) };
}

/** The steps' colours on the TIME scale (cmin 0, cmax max(1, T − 1)), as Plotly coloured the markers. */
function stepColors(T) {
  const span = Math.max(1, T - 1);
  return Array.from({ length: T }, (_, t) => colorAt(TIME, t / span));
}

export function createTrajectory(gd, note, { onPick = null } = {}) {
  let coords = null; // [x, y, (z)] Float64Arrays
  let coordsA = null; // run A's path when comparing (compare.js)
  let dotA = null;
  let dims = 2;
  let dot = null; // 2-D: an overlay element
  let lastT = 0;
  let pending3d = false;
  let cacheKey = null;
  let cached = null;
  let plot = null; // the 2-D canvas plot (canvasplot.js)
  let shown = null; // what the 2-D plot shows: {run, names, tokens, float32, labelA}
  const readout = h("p", { class: "hover-readout traj-readout", "aria-hidden": "true" });
  gd.parentElement.after(readout);

  function project(run, v) {
    const key = `${run.meta.id}|${v.layer}|${v.dir}|${v.b}`;
    if (key === cacheKey) return cached;
    const tens = run.series(v.layer, v.dir, "h");
    if (!tens) return null;
    const slab = tens.index0(v.b);
    const [T, P] = slab.shape;
    let out;
    if (P <= 3) {
      out = { axes: Array.from({ length: P }, (_, k) => slab.column(k)), names: Array.from({ length: P }, (_, k) => `h[${k}]`), P, pca: null };
    } else {
      const r = pca(slab.data, T, P, 3);
      out = {
        axes: r.coords,
        names: r.coords.map((_, k) => `PC${k + 1} (${(r.ratios[k] * 100).toFixed(1)}%)`),
        P,
        pca: r.ratios,
      };
    }
    cacheKey = key;
    cached = out;
    return out;
  }

  /** Which point: its step, and its token or run A's name. */
  function pointLabel(hit) {
    const { tokens, labelA } = shown;
    return hit.trace === 1 && labelA ? `${labelA} · t = ${hit.i}` : tokens ? `t = ${hit.i} ‘${tokens[hit.i]}’` : `t = ${hit.i}`;
  }

  /** The hover box's lines for a point: what Plotly's hovertemplate showed (%{x:.4g}). */
  function hoverLines(hit) {
    const { names } = shown;
    return [pointLabel(hit), `${names[0]}: ${fmtG(hit.x)}`, `${names[1]}: ${fmtG(hit.y)}`];
  }

  /** The readout under the plot: the hovered point's exact values. */
  function onHover(hit) {
    if (!hit || !shown) {
      readout.textContent = "";
      return;
    }
    const { names, float32 } = shown;
    // the units themselves are the run's numbers (float32 when it is); a PCA coordinate is float64
    const exact = (k, val) => (names[k].startsWith("h[") ? fmtExact(val, float32) : names[k] === tr("axis.step") ? String(val) : fmtExact(val));
    readout.textContent = `${pointLabel(hit)} · ${names[0]} = ${exact(0, hit.x)} · ${names[1]} = ${exact(1, hit.y)}`;
  }

  function canvasPlot() {
    if (gd.dataset.plotly === "gl3d") {
      purge(gd.parentElement);
      gd.classList.remove("js-plotly-plot");
      delete gd.dataset.plotly;
    }
    if (!plot) {
      plot = createCanvasPlot(gd, {
        height: 300,
        margin: { l: 52, r: 10, t: 8, b: 40 },
        onHover,
        onPick: onPick ? (hit) => onPick(hit.i) : null,
        onLayout: () => step(lastT),
      });
    }
    return plot;
  }

  function dropCanvas() {
    if (plot) plot.destroy();
    plot = null;
    shown = null;
    delete gd.statespace;
    readout.textContent = "";
    readout.hidden = true;
  }

  /** The figure the 2-D plot draws: B's path (grey, markers coloured by step) and A's (dashed orange). */
  function spec2d(axes, names, pathA, labelA) {
    const T = axes[0].length;
    const traces = [
      {
        name: pathA ? "B" : null,
        x: axes[0],
        y: axes[1],
        line: { color: "#94a3b8", width: 1.5 },
        markers: T <= 400 ? { size: T <= 60 ? 7 : 4, colors: stepColors(T) } : null, // lines only past 400 steps
      },
    ];
    if (pathA) {
      const TA = pathA[0].length;
      traces.push({ name: labelA, x: pathA[0], y: pathA[1], line: { color: "#E69F00", width: 1.5, dash: "dash" }, markers: TA <= 400 ? { size: TA <= 60 ? 6 : 3, color: "#E69F00", open: true } : null });
    }
    return {
      traces,
      xTitle: names[0],
      yTitle: names[1],
      equal: names[0].startsWith("h[") && names[1].startsWith("h["), // the units themselves: one unit is as long on both axes
      colorbar: T <= 400 ? { scale: TIME, min: 0, max: Math.max(1, T - 1), title: tr("axis.step-short") } : null, // Plotly showed it with the markers
      legend: !!pathA,
      hoverLines,
    };
  }

  /** What tests (and the console) can read: the coordinates drawn, exactly. */
  function expose(spec) {
    gd.statespace = {
      traces: spec.traces.map((t) => ({ name: t.name, x: t.x, y: t.y, markers: !!t.markers })),
      xTitle: spec.xTitle,
      yTitle: spec.yTitle,
      equal: spec.equal,
      colorbar: !!spec.colorbar,
      get ranges() {
        return plot ? plot.ranges : null;
      },
      clientPoint: (trace, i) => plot.clientPoint(trace, i),
    };
  }

  /** other: null, or run A to draw beside ({run, view, label}: compare.js, issue 13). */
  function draw(run, v, want3d, other = null) {
    for (const old of gd.parentElement.querySelectorAll(":scope > .traj-dot")) old.remove(); // a 3-D view has no overlay dot
    dot = null;
    dotA = null;
    coords = null;
    coordsA = null;
    let pr = run && project(run, v);
    const pair = pr && other ? pairedAxes(run, v, pr, other) : null;
    if (pair && pair.joint) {
      pr = { ...pr, axes: pair.joint.axes, names: pair.joint.axes.map((_, k) => `PC${k + 1} (${(pair.joint.ratios[k] * 100).toFixed(1)}%)`), pca: pair.joint.ratios };
    }
    if (!pr) {
      dropCanvas();
      if (gd.dataset.plotly === "gl3d") purge(gd.parentElement);
      gd.textContent = tr("trajectory.not-recorded");
      note.textContent = "";
      return Promise.resolve();
    }
    const T = pr.axes[0].length;
    const rawTokens = run.tokens ? run.tokens[v.b].map((t) => visibleToken(t)) : null;
    const tIndex = Float64Array.from({ length: T }, (_, t) => t);
    let axes;
    let names;
    if (pr.P === 1) {
      ({ axes, names } = flatAxes(pr));
      dims = 2;
      note.textContent = tr("trajectory.one");
    } else {
      dims = want3d && pr.axes.length >= 3 ? 3 : 2;
      axes = pr.axes.slice(0, dims);
      names = pr.names.slice(0, dims);
      if (pr.pca) {
        const shownPct = pr.pca.slice(0, dims).reduce((a, b) => a + b, 0);
        note.textContent = tr("trajectory.pca", { p: pr.P, d: dims, pct: (shownPct * 100).toFixed(1) });
      } else {
        note.textContent = tr("trajectory.direct", { p: pr.P, extra: pr.P === 3 && dims === 2 ? tr("trajectory.switch-3d") : "" });
      }
    }
    if (want3d && dims === 2 && pr.P < 3) note.textContent += tr("trajectory.needs-3");
    if (pair) {
      const dimsA = Math.min(dims, pair.axes.length);
      coordsA = dimsA === dims ? pair.axes.slice(0, dims) : null;
      note.textContent += " " + tr(pair.own ? "compare.traj-own" : pair.joint ? "compare.traj-joint" : "compare.traj-same");
    }
    coords = axes;
    if (dims === 2) {
      // our own canvas: no plot library (issue 11)
      const p = canvasPlot();
      readout.hidden = false;
      readout.textContent = "";
      shown = { run, names, tokens: rawTokens, float32: !!run.float32, labelA: coordsA ? other.label : null };
      const spec = spec2d(axes, names, coordsA, coordsA ? other.label : null);
      dot = makeDot();
      if (coordsA) dotA = makeDot("traj-dot traj-dot-a");
      p.set(spec);
      expose(spec);
      return Promise.resolve();
    }
    dropCanvas();
    purge(gd.parentElement);
    gd.textContent = "";
    const tokens = rawTokens ? rawTokens.map(plotlyText) : null;
    const hover = tokens
      ? "t = %{customdata} ‘%{text}’<br>" + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>"
      : "t = %{customdata}<br>" + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>";
    const path = {
      type: "scatter3d",
      x: axes[0],
      y: axes[1],
      z: axes[2],
      customdata: tIndex,
      text: tokens || undefined,
      hovertemplate: hover,
      mode: T <= 400 ? "lines+markers" : "lines",
      line: { color: tIndex, colorscale: plotlyScale(TIME), width: 3 },
      marker: { size: T <= 60 ? 4 : 2, color: tIndex, colorscale: plotlyScale(TIME), cmin: 0, cmax: Math.max(1, T - 1), showscale: true, colorbar: { title: { text: tr("axis.step-short"), side: "top", font: { size: 10 } }, thickness: 8, len: 0.8, outlinewidth: 0, tickfont: { size: 10 } } },
      showlegend: false,
    };
    const cur = { type: "scatter3d", mode: "markers", x: [axes[0][lastT]], y: [axes[1][lastT]], z: [axes[2][lastT]], marker: { size: 7, color: "#dc2626", line: { color: "#fff", width: 1 } }, hoverinfo: "skip", showlegend: false };
    const extra = [];
    if (coordsA) {
      path.name = "B";
      path.showlegend = true;
      const kA = Math.min(lastT, coordsA[0].length - 1);
      extra.push(
        {
          type: "scatter3d",
          x: coordsA[0],
          y: coordsA[1],
          z: coordsA[2],
          customdata: Float64Array.from({ length: coordsA[0].length }, (_, t) => t),
          hovertemplate: `${other.label} · t = %{customdata}<br>` + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>",
          mode: coordsA[0].length <= 400 ? "lines+markers" : "lines",
          name: other.label,
          line: { color: "#E69F00", width: 2, dash: "dash" },
          marker: { size: 2, color: "#E69F00" },
          showlegend: true,
        },
        { type: "scatter3d", mode: "markers", x: [coordsA[0][kA]], y: [coordsA[1][kA]], z: [coordsA[2][kA]], marker: { size: 7, color: "#E69F00", line: { color: "#000", width: 1 } }, hoverinfo: "skip", showlegend: false },
      );
    }
    const layout = baseLayout({
      height: 300,
      margin: { l: 0, r: 0, t: 0, b: 0 },
      scene: {
        xaxis: { title: { text: names[0] } },
        yaxis: { title: { text: names[1] } },
        zaxis: { title: { text: names[2] } },
        camera: { eye: { x: 1.5, y: 1.5, z: 1.1 } },
      },
    });
    // the gl3d bundle loads the first time 3-D is asked for (plotly-loader.js)
    const drawn = coords;
    return loadPlotly3d().then(
      (P3) => {
        if (coords !== drawn) return; // redrawn meanwhile
        gd.dataset.plotly = "gl3d";
        return newPlot(P3, gd, [path, cur, ...extra], layout, config("rnnscope-state-space")).then(() => step(lastT));
      },
      (e) => {
        note.textContent = e.message; // the 3-D bundle could not load: said, and the page stays ready
      },
    );
  }

  /**
   * An edit's new numbers (issue 13, liveplots.js): the same figure redrawn from run r, the
   * reader's zoom kept; false when it cannot (3-D, comparing, another shape): the full draw
   * that ends the edit redraws it.
   */
  function live(r, v) {
    if (!plot || !shown || dims !== 2 || coordsA) return false;
    const pr = project(r, v);
    if (!pr || pr.axes[0].length !== coords[0].length) return false;
    const { axes, names } = flatAxes(pr);
    coords = axes;
    shown = { ...shown, run: r, names, float32: !!r.float32 };
    const spec = spec2d(axes, names, null, null);
    plot.set(spec, { keep: true });
    expose(spec);
    return true;
  }

  function makeDot(cls = "traj-dot") {
    const host = gd.parentElement;
    host.classList.add("has-marker");
    let el = host.querySelector(`:scope > .${cls.split(" ").join(".")}`);
    if (!el) {
      el = document.createElement("div");
      el.className = cls;
      el.setAttribute("aria-hidden", "true");
      host.append(el);
    }
    return el;
  }

  function step(t) {
    lastT = t;
    if (!coords) return;
    if (dims === 3) {
      // a restyle redraws the WebGL scene (~30 ms here): at most one per frame, the latest step
      if (!pending3d) {
        pending3d = true;
        requestAnimationFrame(() => {
          pending3d = false;
          if (coords && dims === 3 && gd._fullLayout && plotly3d()) {
            const k = lastT;
            plotly3d().restyle(gd, { x: [[coords[0][k]]], y: [[coords[1][k]]], z: [[coords[2][k]]] }, [1]);
            if (coordsA && coordsA.length === 3) {
              const kA = Math.min(k, coordsA[0].length - 1);
              plotly3d().restyle(gd, { x: [[coordsA[0][kA]]], y: [[coordsA[1][kA]]], z: [[coordsA[2][kA]]] }, [3]);
            }
          }
        });
      }
      return;
    }
    if (!dot || !plot) return;
    moveDot(dot, coords, t);
    if (dotA && coordsA) moveDot(dotA, coordsA, t); // run A's point at the same step (none past its last step)
  }

  /** The plot's geometry is cached per redraw: a step computes two pixels and writes a transform. */
  function moveDot(el, xy, t) {
    const at = t < xy[0].length ? plot.place(xy[0][t], xy[1][t]) : null;
    el.hidden = !at;
    if (at) el.style.transform = `translate(${at[0].toFixed(1)}px, ${at[1].toFixed(1)}px)`;
  }

  /** The 2-D plot as a PNG Blob (the panel's PNG button); null when it shows 3-D (Plotly's own). */
  function toPng() {
    return plot && dims === 2 ? plot.toPng(2) : Promise.resolve(null);
  }

  return { draw, step, live, toPng };
}
