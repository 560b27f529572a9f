// Colour scales, shared by Plotly figures, the cell diagram and the values table.
// Both are colour-blind safe: ColorBrewer RdBu (diverging, centred on 0) and viridis (0..1).

import { isUnitInterval } from "./run.js";

export const DIVERGING = Object.freeze([
  [0, "#2166ac"],
  [0.25, "#67a9cf"],
  [0.5, "#f7f7f7"],
  [0.75, "#ef8a62"],
  [1, "#b2182b"],
]);

export const SEQUENTIAL = Object.freeze([
  [0, "#440154"],
  [0.125, "#472d7b"],
  [0.25, "#3b528b"],
  [0.375, "#2c728e"],
  [0.5, "#21918c"],
  [0.625, "#28ae80"],
  [0.75, "#5ec962"],
  [0.875, "#addc30"],
  [1, "#fde725"],
]);

/** Time (a path through the steps): cividis-like, light to dark. */
export const TIME = Object.freeze([
  [0, "#fde0a0"],
  [0.5, "#7c7b78"],
  [1, "#00224e"],
]);

function hexToRgb(hex) {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const RGB = new Map();
function rgbOf(hex) {
  if (!RGB.has(hex)) RGB.set(hex, hexToRgb(hex));
  return RGB.get(hex);
}

/** The colour at u in [0, 1] of a scale as [r, g, b] (grey for NaN). */
function rgbAt(scale, u) {
  if (!Number.isFinite(u)) return [189, 189, 189];
  u = Math.min(1, Math.max(0, u));
  for (let k = 1; k < scale.length; k++) {
    const [u1, c1] = scale[k];
    if (u <= u1) {
      const [u0, c0] = scale[k - 1];
      const f = (u - u0) / (u1 - u0 || 1);
      const a = rgbOf(c0);
      const b = rgbOf(c1);
      return [Math.round(a[0] + f * (b[0] - a[0])), Math.round(a[1] + f * (b[1] - a[1])), Math.round(a[2] + f * (b[2] - a[2]))];
    }
  }
  return rgbOf(scale[scale.length - 1][1]);
}

/** The colour at u in [0, 1] of a scale, as "rgb(r,g,b)". */
export function colorAt(scale, u) {
  const [r, g, b] = rgbAt(scale, u);
  return `rgb(${r},${g},${b})`;
}

/** WCAG relative luminance of an [r, g, b] colour. */
function luminance([r, g, b]) {
  const lin = (c) => {
    c /= 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two [r, g, b] colours. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const INK_DARK = [0, 0, 0];
const INK_LIGHT = [255, 255, 255];

/** Black or white text on a background of the scale at u: whichever contrasts more (WCAG). */
export function inkOn(scale, u) {
  const bg = rgbAt(scale, u);
  return contrast(bg, INK_DARK) >= contrast(bg, INK_LIGHT) ? "#000" : "#fff";
}

// "own": each quantity on its own range (symmetric around 0), log when it spans decades;
// "fixed": tanh-like quantities on ±1 (gates are always 0..1). Set by the page (state.scale).
let mode = "own";
export function setScaleMode(m) {
  mode = m === "fixed" ? "fixed" : "own";
}

const SPREAD = new WeakMap(); // run -> Map(field.g -> 10th percentile of |v|)

/** The 10th percentile of the non-zero |v| of a quantity (every layer and direction), sampled. */
function lowMagnitude(run, field, g) {
  if (!SPREAD.has(run)) SPREAD.set(run, new Map());
  const cache = SPREAD.get(run);
  const key = `${field}.${g || ""}`;
  if (!cache.has(key)) {
    const sample = [];
    for (let l = 0; l < run.L; l++) {
      for (let d = 0; d < run.D; d++) {
        const t = run.series(l, d, field, g);
        if (!t) continue;
        const step = Math.max(1, Math.floor(t.data.length / 20_000));
        for (let i = 0; i < t.data.length; i += step) {
          const a = Math.abs(t.data[i]);
          if (a > 0 && Number.isFinite(a)) sample.push(a);
        }
      }
    }
    sample.sort((a, b) => a - b);
    cache.set(key, sample.length ? sample[Math.floor(sample.length / 10)] : 0);
  }
  return cache.get(key);
}

const LOG_SPAN = 1000; // a quantity whose largest |v| is this many times its small ones is drawn on a log scale

/**
 * How to colour one quantity: {scale, zmin, zmax, kind, u(v)}. Gates: 0..1 on viridis.
 * Everything else: the diverging scale, symmetric around 0 at the quantity's own range; with
 * a symmetric log (kind "log") when its values span decades, so small and huge both show.
 * In the "fixed" mode tanh-like quantities use ±1 and nothing is logarithmic.
 */
export function scaleFor(run, field, g) {
  if (isUnitInterval(run.model, field, g)) return withU({ scale: SEQUENTIAL, zmin: 0, zmax: 1, kind: "unit" });
  const [lo, hi] = run.range(field, g);
  let m = Math.max(Math.abs(lo), Math.abs(hi));
  if (!Number.isFinite(m) || m === 0) m = 1;
  if (mode === "fixed") {
    const tanhLike =
      (field === "h" && !(run.cell === "rnn" && run.model.nonlinearity === "relu") && !run.model.proj_size) ||
      (field === "gates" && (g === "g" || g === "n" || (run.cell === "rnn" && run.model.nonlinearity !== "relu")));
    if (tanhLike && m <= 1) m = 1;
    return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "signed" });
  }
  const low = lowMagnitude(run, field, g);
  if (low > 0 && m / low >= LOG_SPAN) {
    const decades = Math.min(8, Math.ceil(Math.log10(m / low)) + 1);
    return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "log", c: m / 10 ** decades });
  }
  return withU({ scale: DIVERGING, zmin: -m, zmax: m, kind: "signed" });
}

/** Where v falls on the scale, in [0, 1] (NaN stays NaN). */
function withU(sc) {
  if (sc.kind === "log") {
    const top = Math.log10(1 + sc.zmax / sc.c);
    sc.u = (v) => 0.5 + (0.5 * Math.sign(v) * Math.log10(1 + Math.abs(v) / sc.c)) / top;
  } else sc.u = (v) => (v - sc.zmin) / (sc.zmax - sc.zmin);
  return sc;
}

/** A value's colour under scaleFor(). */
export function valueColor(sc, v) {
  return colorAt(sc.scale, sc.u(v));
}

export function valueInk(sc, v) {
  return inkOn(sc.scale, sc.u(v));
}

/**
 * The Plotly colorscale of a scaleFor() result, over the values zmin..zmax: the scale itself,
 * or for "log" the diverging scale sampled at log-spaced values (z stays the real value, so
 * hover labels and the colour bar read true numbers).
 */
export function plotlyScaleFor(sc) {
  if (sc.kind !== "log") return plotlyScale(sc.scale);
  const m = sc.zmax;
  const N = 24;
  const top = Math.log10(1 + m / sc.c);
  const vals = [0];
  for (let j = 1; j <= N; j++) vals.push(sc.c * (10 ** ((j / N) * top) - 1));
  const pts = [...vals.slice(1).reverse().map((v) => -v), ...vals];
  const stops = pts.map((v) => [Math.min(1, Math.max(0, (v + m) / (2 * m))), colorAt(sc.scale, sc.u(v))]);
  // Plotly accepts a colour scale only if it runs from exactly 0 to exactly 1 (else it silently
  // falls back to its default one); 10 ** log10(…) lands a hair off both ends
  stops[0][0] = 0;
  stops[stops.length - 1][0] = 1;
  return stops;
}

/** Plotly's colorscale form. */
export function plotlyScale(scale) {
  return scale.map(([u, c]) => [u, c]);
}
