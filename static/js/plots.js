// Plotly glue shared by the renderers: one config, one base layout, and the current-step
// marker. The marker is an absolutely placed element over the plot, moved with a CSS transform,
// so a step change costs no Plotly call at all (no frames, no relayout).

import { h } from "./dom.js";
import { plotlyLocale } from "./i18n.js";
import { HAS_SCATTERGL, loadPlotly as loadBundle, loadPlotly3d as loadBundle3d, plotly3d } from "./plotly-loader.js";

export const Plotly = () => window.Plotly;

/**
 * plotly.js's cartesian bundle (plotly-loader.js) loads after the page's own modules, so the
 * worked step, the diagram and the table show while it is still being parsed. Resolves with
 * window.Plotly; loadPlotly3d() with the separate 3-D instance.
 */
export const loadPlotly = () => loadBundle(withLocale);
export const loadPlotly3d = () => loadBundle3d(withLocale3d);
export { afterPaint, plotly3d, preloadPlotly } from "./plotly-loader.js";

// the mode bar speaks the page's language (i18n/*.js, keys "plotly:…")
const locale = plotlyLocale();
let localeRegistered = false;
function withLocale(P) {
  if (locale && P && !localeRegistered) {
    P.register(locale);
    localeRegistered = true;
  }
  return P;
}
function withLocale3d(P) {
  if (locale && P) P.register(locale);
  return P;
}

const prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** A touch screen or a narrow frame: the mode bar would sit over the data, so it is not shown
 *  (the PNG buttons next to each plot stay). */
export function compactPlots() {
  return window.matchMedia("(pointer: coarse)").matches || window.innerWidth < 560;
}

export function config(filename) {
  return {
    responsive: true,
    displayModeBar: compactPlots() ? false : "hover",
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"], // the last needs plotly's cloud
    locale: locale ? locale.name : "en",
    toImageButtonOptions: { format: "png", filename, scale: 2 },
  };
}

export const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11, color: "#1f2937" };

// Every plot's hover box: light text on a dark box. Without its own colour the label's text
// took layout.font.color (dark) on the dark box, which could not be read.
export const HOVER_INK = "#ffffff";
export const HOVER_BG = "#111827";

export function baseLayout(extra = {}) {
  return {
    font: FONT,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#ffffff",
    margin: { l: 46, r: 12, t: 6, b: 30 },
    hoverlabel: { font: { family: FONT.family, size: 12, color: HOVER_INK }, bgcolor: HOVER_BG, bordercolor: HOVER_BG },
    transition: prefersReducedMotion() ? { duration: 0 } : undefined,
    ...extra,
  };
}

/** scattergl only when the loaded bundle has it and the browser has WebGL (headless may not). */
let glOk = null;
export function webglAvailable() {
  if (!HAS_SCATTERGL) return false;
  if (glOk === null) {
    try {
      const c = document.createElement("canvas");
      glOk = !!(c.getContext("webgl") || c.getContext("experimental-webgl"));
    } catch {
      glOk = false;
    }
  }
  return glOk;
}

/**
 * A vertical line over a plot whose x axis is time, at the current step.
 * attachMarker(gd) -> {set(t)}. The plot's geometry is read once per Plotly redraw or resize
 * (reading offsetLeft in every step would force a layout each time); set(t) only computes a
 * pixel from the cached axis and writes one transform.
 */
export function attachMarker(gd, { brick = false } = {}) {
  const host = gd.parentElement;
  host.classList.add("has-marker");
  let el = host.querySelector(":scope > .t-marker");
  if (!el) {
    el = h("div", { class: "t-marker", "aria-hidden": "true" });
    host.append(el);
  }
  let t = 0;
  let geom = null;
  let shownState = null;
  const measure = () => {
    const fl = gd._fullLayout;
    const xa = fl && fl.xaxis;
    if (!xa || typeof xa.l2p !== "function" || !gd.isConnected) {
      geom = null;
      return;
    }
    geom = {
      xa,
      left: gd.offsetLeft + xa._offset,
      // the plot area as drawn: a legend or colour bar pushes it past margin.t (automargin),
      // so the line would start over the legend and stop short of the axis
      top: gd.offsetTop + (fl._size ? fl._size.t : fl.margin.t),
      height: fl._size ? fl._size.h : fl.height - fl.margin.t - fl.margin.b,
      lo: Math.min(...xa.range),
      hi: Math.max(...xa.range),
    };
    geom.brickW = brick ? Math.abs(xa.l2p(1) - xa.l2p(0)) : 0;
    el.style.height = `${geom.height}px`;
  };
  const place = () => {
    if (!geom) return;
    const inside = t >= geom.lo && t <= geom.hi;
    if (inside !== shownState) {
      el.hidden = !inside;
      shownState = inside;
    }
    if (!inside) return;
    const w = geom.brickW > 3 ? geom.brickW : 2;
    const x = geom.left + geom.xa.l2p(t) - w / 2;
    el.style.transform = `translate(${x.toFixed(1)}px, ${geom.top}px)`;
    if (el._w !== w) {
      el.style.width = `${w}px`;
      el.classList.toggle("t-marker-line", w === 2);
      el._w = w;
    }
  };
  const remeasure = () => {
    measure();
    place();
  };
  gd.on("plotly_afterplot", remeasure);
  gd.on("plotly_relayout", remeasure);
  // Off screen, a step only records t and the marker moves when the plot comes into view: each
  // moved marker is a compositing layer changed, which made every step's frame rebuild the page's
  // layers (~1 ms of 8 markers below the fold, issue 11).
  let onScreen = true; // until the observer's first report
  if (host._markerIo) host._markerIo.disconnect();
  host._markerIo = new IntersectionObserver((entries) => {
    onScreen = entries[entries.length - 1].isIntersecting;
    if (onScreen) {
      if (!geom) measure();
      place();
    }
  });
  host._markerIo.observe(host);
  return {
    set(nt) {
      t = nt;
      if (!onScreen) return;
      if (!geom) measure();
      place();
    },
    remeasure,
  };
}

/** Keep the x ranges of several time plots in step when one is zoomed. */
export function linkXRanges(gds) {
  let busy = false;
  for (const gd of gds) {
    gd.on("plotly_relayout", (ev) => {
      if (busy) return;
      const upd = {};
      if (ev["xaxis.range[0]"] !== undefined) {
        upd["xaxis.range"] = [ev["xaxis.range[0]"], ev["xaxis.range[1]"]];
      } else if (Array.isArray(ev["xaxis.range"])) {
        upd["xaxis.range"] = ev["xaxis.range"];
      } else if (ev["xaxis.autorange"]) {
        upd["xaxis.autorange"] = true;
      } else return;
      busy = true;
      Promise.all(gds.filter((o) => o !== gd && o.isConnected).map((o) => Plotly().relayout(o, upd))).finally(() => {
        busy = false;
      });
    });
  }
}

// A figure's draw is asynchronous (plotly.js redraws once more for its automatic margins), and
// views are now drawn after the first view, when they come near or in idle time: a run A that
// arrives meanwhile (compare.js) or a selection change may redraw a figure that is still being
// drawn. Purging it then, or drawing it again at once, broke plotly.js's own draw ("reading
// '_redrawFromAutoMarginCount'"). So each figure's draws run one after the other, and a figure
// still drawing is purged when its draw is done.
const drawing = new WeakMap(); // gd -> the promise of its last newPlot

/** P.newPlot(gd, …) once gd's previous draw (if any) is done. P: the Plotly that draws it. */
export function newPlot(P, gd, data, layout, cfg) {
  const prev = drawing.get(gd);
  const run = () => P.newPlot(gd, data, layout, cfg);
  const p = prev ? prev.then(run, run) : run();
  drawing.set(gd, p);
  const done = () => {
    if (drawing.get(gd) === p) drawing.delete(gd);
  };
  p.then(done, done);
  return p;
}

/** Purge one figure with P; a figure still drawing is purged when that draw is done, unless it
 *  is on the page again by then (drawn anew in the same element). */
export function purgeFigure(P, gd) {
  const p = drawing.get(gd);
  if (!p) return P.purge(gd);
  const later = () => {
    if (!gd.isConnected) P.purge(gd);
  };
  p.then(later, later);
}

/** Purge every figure in container with the Plotly that drew it (a 3-D one: the gl3d bundle). */
export function purge(container) {
  if (!window.Plotly) return;
  for (const gd of container.querySelectorAll(".js-plotly-plot")) purgeFigure(gd.dataset.plotly === "gl3d" && plotly3d() ? plotly3d() : Plotly(), gd);
}

export function downloadPng(gd, filename) {
  return Plotly().downloadImage(gd, { format: "png", filename, scale: 2, width: gd.clientWidth, height: gd.clientHeight });
}
