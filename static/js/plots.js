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

export function config(filename) {
  return {
    responsive: true,
    displaylogo: false,
    scrollZoom: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "sendChartToCloud"], // the last needs plotly's cloud
    locale: locale ? locale.name : "en",
    toImageButtonOptions: { format: "png", filename, scale: 2 },
  };
}

export const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 11, color: "#1f2937" };

export function baseLayout(extra = {}) {
  return {
    font: FONT,
    paper_bgcolor: "rgba(0,0,0,0)",
    plot_bgcolor: "#ffffff",
    margin: { l: 46, r: 12, t: 6, b: 30 },
    hoverlabel: { font: { family: FONT.family, size: 12 }, bgcolor: "#111827", bordercolor: "#111827" },
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
      top: gd.offsetTop + fl.margin.t,
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
  return {
    set(nt) {
      t = nt;
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

/** Purge every figure in container with the Plotly that drew it (a 3-D one: the gl3d bundle). */
export function purge(container) {
  if (!window.Plotly) return;
  for (const gd of container.querySelectorAll(".js-plotly-plot")) (gd.dataset.plotly === "gl3d" && plotly3d() ? plotly3d() : Plotly()).purge(gd);
}

export function downloadPng(gd, filename) {
  return Plotly().downloadImage(gd, { format: "png", filename, scale: 2, width: gd.clientWidth, height: gd.clientHeight });
}
