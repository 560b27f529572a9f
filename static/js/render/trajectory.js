// The path of h through state space: the units themselves when there are at most 3, else a
// PCA projection (said so, with the explained variance). The current step is a moving dot.

import { plotlyText, visibleToken } from "../dom.js";
import { tr } from "../i18n.js";
import { pca } from "../pca.js";
import { baseLayout, config, loadPlotly3d, Plotly, plotly3d, purge, webglAvailable } from "../plots.js";
import { plotlyScale, TIME } from "../scales.js";

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

export function createTrajectory(gd, note) {
  let coords = null; // [x, y, (z)] Float64Arrays
  let coordsA = null; // run A's path when comparing (compare.js)
  let dotA = null;
  let dims = 2;
  let dot = null; // 2-D: an overlay element
  let lastT = 0;
  let pending3d = false;
  let cacheKey = null;
  let cached = null;

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

  /** other: null, or run A to draw beside ({run, view, label}: compare.js, issue 13). */
  function draw(run, v, want3d, other = null) {
    purge(gd.parentElement);
    for (const old of gd.parentElement.querySelectorAll(":scope > .traj-dot")) old.remove(); // a 3-D view has no overlay dot
    dot = null;
    dotA = null;
    geom = null;
    coords = null;
    coordsA = null;
    let pr = run && project(run, v);
    const pair = pr && other ? pairedAxes(run, v, pr, other) : null;
    if (pair && pair.joint) {
      pr = { ...pr, axes: pair.joint.axes, names: pair.joint.axes.map((_, k) => `PC${k + 1} (${(pair.joint.ratios[k] * 100).toFixed(1)}%)`), pca: pair.joint.ratios };
    }
    if (!pr) {
      gd.textContent = tr("trajectory.not-recorded");
      note.textContent = "";
      return Promise.resolve();
    }
    gd.textContent = "";
    const T = pr.axes[0].length;
    const tokens = run.tokens ? run.tokens[v.b].map((t) => plotlyText(visibleToken(t))) : null;
    const tIndex = Float64Array.from({ length: T }, (_, t) => t);
    let axes;
    let names;
    if (pr.P === 1) {
      axes = [tIndex, pr.axes[0]];
      names = [tr("axis.step"), "h[0]"];
      dims = 2;
      note.textContent = tr("trajectory.one");
    } else {
      dims = want3d && pr.axes.length >= 3 ? 3 : 2;
      axes = pr.axes.slice(0, dims);
      names = pr.names.slice(0, dims);
      if (pr.pca) {
        const shown = pr.pca.slice(0, dims).reduce((a, b) => a + b, 0);
        note.textContent = tr("trajectory.pca", { p: pr.P, d: dims, pct: (shown * 100).toFixed(1) });
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
    const hover = tokens
      ? "t = %{customdata} ‘%{text}’<br>" + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>"
      : "t = %{customdata}<br>" + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>";
    const path = {
      x: axes[0],
      y: axes[1],
      customdata: tIndex,
      text: tokens || undefined,
      hovertemplate: hover,
      mode: T <= 400 ? "lines+markers" : "lines",
      line: { color: "#94a3b8", width: 1.5 },
      marker: { size: T <= 60 ? 7 : 4, color: tIndex, colorscale: plotlyScale(TIME), cmin: 0, cmax: Math.max(1, T - 1), showscale: true, colorbar: { title: { text: tr("axis.step-short"), side: "top", font: { size: 10 } }, thickness: 8, len: 0.8, outlinewidth: 0, tickfont: { size: 10 } } },
      showlegend: false,
    };
    const pathA = coordsA
      ? {
          x: coordsA[0],
          y: coordsA[1],
          customdata: Float64Array.from({ length: coordsA[0].length }, (_, t) => t),
          hovertemplate: `${other.label} · t = %{customdata}<br>` + names.map((n, k) => `${plotlyText(n)}: %{${"xyz"[k]}:.4g}`).join("<br>") + "<extra></extra>",
          mode: coordsA[0].length <= 400 ? "lines+markers" : "lines",
          name: other.label,
          line: { color: "#E69F00", width: 1.5, dash: "dash" },
          marker: { size: coordsA[0].length <= 60 ? 6 : 3, color: "#E69F00", symbol: "circle-open" },
          showlegend: true,
        }
      : null;
    if (pathA) {
      path.name = "B";
      path.showlegend = true;
    }
    let layout;
    if (dims === 3) {
      path.type = "scatter3d";
      path.z = axes[2];
      path.line = { color: tIndex, colorscale: plotlyScale(TIME), width: 3 };
      path.marker.size = T <= 60 ? 4 : 2;
      const cur = { type: "scatter3d", mode: "markers", x: [axes[0][lastT]], y: [axes[1][lastT]], z: [axes[2][lastT]], marker: { size: 7, color: "#dc2626", line: { color: "#fff", width: 1 } }, hoverinfo: "skip", showlegend: false };
      const extra = [];
      if (pathA) {
        const kA = Math.min(lastT, coordsA[0].length - 1);
        extra.push(
          { ...pathA, type: "scatter3d", z: coordsA[2], line: { color: "#E69F00", width: 2, dash: "dash" }, marker: { size: 2, color: "#E69F00" } },
          { type: "scatter3d", mode: "markers", x: [coordsA[0][kA]], y: [coordsA[1][kA]], z: [coordsA[2][kA]], marker: { size: 7, color: "#E69F00", line: { color: "#000", width: 1 } }, hoverinfo: "skip", showlegend: false },
        );
      }
      layout = baseLayout({
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
      return loadPlotly3d().then((P3) => {
        if (coords !== drawn) return; // redrawn meanwhile
        gd.dataset.plotly = "gl3d";
        return P3.newPlot(gd, [path, cur, ...extra], layout, config("rnnscope-state-space")).then(() => step(lastT));
      }, (e) => {
        note.textContent = e.message; // the 3-D bundle could not load: said, and the page stays ready
      });
    }
    delete gd.dataset.plotly;
    path.type = T > 5000 && webglAvailable() ? "scattergl" : "scatter";
    layout = baseLayout({
      height: 300,
      margin: { l: 52, r: 10, t: 8, b: 40 },
      hovermode: "closest",
      xaxis: { title: { text: names[0], standoff: 4 }, zeroline: true, zerolinecolor: "#d6d9de", gridcolor: "#eef0f3" },
      yaxis: { title: { text: names[1] }, zeroline: true, zerolinecolor: "#d6d9de", gridcolor: "#eef0f3", scaleanchor: pr.P > 1 && !pr.pca ? "x" : undefined },
    });
    if (pathA) {
      path.marker.colorbar.x = 1.02;
      layout.showlegend = true;
      layout.legend = { orientation: "h", y: 1.02, yanchor: "bottom", x: 0, font: { size: 10 } };
      layout.margin.t = 26;
    }
    return Plotly()
      .newPlot(gd, pathA ? [path, { ...pathA, type: path.type }] : [path], layout, config("rnnscope-state-space"))
      .then(() => {
        dot = makeDot();
        if (pathA) dotA = makeDot("traj-dot traj-dot-a");
        const remeasure = () => {
          measure();
          step(lastT);
        };
        gd.on("plotly_afterplot", remeasure);
        gd.on("plotly_relayout", remeasure);
        remeasure();
      });
  }

  // the plot's geometry, read once per redraw (not per step: that would force a layout)
  let geom = null;
  function measure() {
    const fl = gd._fullLayout;
    geom = fl && fl.xaxis && fl.yaxis ? { xa: fl.xaxis, ya: fl.yaxis, left: gd.offsetLeft + fl.xaxis._offset, top: gd.offsetTop + fl.yaxis._offset } : null;
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
    if (!dot || !geom) return;
    const { xa, ya } = geom;
    const px = xa.l2p(coords[0][t]);
    const py = ya.l2p(coords[1][t]);
    const inside = px >= -1 && px <= xa._length + 1 && py >= -1 && py <= ya._length + 1;
    const x = geom.left + px;
    const y = geom.top + py;
    dot.hidden = !inside;
    if (inside) dot.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    if (dotA && coordsA) {
      // run A's point at the same step (none past its last step)
      const ok = t < coordsA[0].length;
      const pxA = ok ? xa.l2p(coordsA[0][t]) : NaN;
      const pyA = ok ? ya.l2p(coordsA[1][t]) : NaN;
      const inA = ok && pxA >= -1 && pxA <= xa._length + 1 && pyA >= -1 && pyA <= ya._length + 1;
      dotA.hidden = !inA;
      if (inA) dotA.style.transform = `translate(${(geom.left + pxA).toFixed(1)}px, ${(geom.top + pyA).toFixed(1)}px)`;
    }
  }

  return { draw, step };
}
