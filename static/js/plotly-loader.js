// plotly.js in two partial bundles, vendored from the npm registry (static/vendor/plotly/, with
// its licence; no CDN): "cartesian" (1.5 MB: heatmap, scatter, bar) draws every plot but one and
// loads after the page's own modules, so the worked step, the diagram and the table are on
// screen while it is still on its way; "gl3d" (1.75 MB: scatter3d) loads only when the 3-D state
// space is asked for. Each bundle is a whole Plotly: window.Plotly stays the cartesian one and
// the 3-D one is kept apart (plotly3d()).
//
// The server page names the bundles' URLs on <html> (data-plotly-src, data-plotly3d-src). The
// standalone page carries them inside itself, gzip-compressed and base64-encoded in
// <script type="application/octet-stream" id="rnnscope-plotly-…"> blocks, which become blob:
// script URLs here (DecompressionStream; nothing is fetched).

import { tr } from "./i18n.js";

/** Does the loaded 2-D bundle draw scattergl? The cartesian one does not: lines use SVG. */
export const HAS_SCATTERGL = false;

const loads = { cartesian: null, gl3d: null };
let gl3d = null;

/** The 3-D Plotly, once loadPlotly3d() has resolved; else null. */
export const plotly3d = () => gl3d;

async function inlineUrl(kind) {
  const el = document.getElementById(`rnnscope-plotly-${kind}`);
  if (!el) return null;
  const bin = atob(el.textContent.trim());
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const text = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  const js = await new Response(text).blob();
  return URL.createObjectURL(new Blob([js], { type: "text/javascript" }));
}

function addScript(src) {
  return new Promise((resolve, reject) => {
    const el = document.createElement("script");
    el.src = src;
    el.addEventListener("load", () => resolve());
    el.addEventListener("error", () => reject(new Error(tr("plotly.failed"))));
    document.head.append(el);
  });
}

async function scriptUrl(kind) {
  const root = document.documentElement.dataset;
  const url = (await inlineUrl(kind)) || (kind === "gl3d" ? root.plotly3dSrc : root.plotlySrc);
  if (!url) throw new Error(tr("plotly.failed"));
  return url;
}

/**
 * Start downloading the cartesian bundle without running it (<link rel="preload">): the page's
 * requests and its first panels keep the main thread; loadPlotly() later runs the cached file.
 */
export function preloadPlotly() {
  const src = document.documentElement.dataset.plotlySrc;
  if (!src || window.Plotly || document.querySelector(`link[rel="preload"][href="${CSS.escape(src)}"]`)) return;
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "script";
  link.href = src;
  document.head.append(link);
}

/** Resolves once the frame after this moment has been painted (or after 100 ms if frames are
 * throttled, as in a hidden tab or an off-screen iframe). */
export function afterPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

/** The cartesian bundle: resolves with window.Plotly (cached; a failure can be retried). */
export function loadPlotly(withLocale = (P) => P) {
  if (window.Plotly) return Promise.resolve(withLocale(window.Plotly));
  if (!loads.cartesian) {
    loads.cartesian = scriptUrl("cartesian")
      .then(addScript)
      .then(() => withLocale(window.Plotly))
      .catch((e) => {
        loads.cartesian = null;
        throw e;
      });
  }
  return loads.cartesian;
}

/** The gl3d bundle, after the cartesian one (its script would otherwise replace window.Plotly). */
export function loadPlotly3d(withLocale = (P) => P) {
  if (gl3d) return Promise.resolve(gl3d);
  if (!loads.gl3d) {
    loads.gl3d = loadPlotly(withLocale)
      .then(async (cartesian) => {
        const url = await scriptUrl("gl3d");
        await addScript(url);
        gl3d = withLocale(window.Plotly);
        window.Plotly = cartesian;
        return gl3d;
      })
      .catch((e) => {
        loads.gl3d = null;
        throw e;
      });
  }
  return loads.gl3d;
}
