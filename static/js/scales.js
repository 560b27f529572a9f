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

/** Black or white text on a background of the scale at u. */
export function inkOn(scale, u) {
  const [r, g, b] = rgbAt(scale, u);
  return 0.299 * r + 0.587 * g + 0.114 * b > 150 ? "#111" : "#fff";
}

/**
 * How to colour one quantity: {scale, zmin, zmax, kind}. Gates: 0..1 on viridis. Everything
 * else: the diverging scale, symmetric around 0 (tanh outputs use ±1 when they fit).
 */
export function scaleFor(run, field, g) {
  if (isUnitInterval(run.model, field, g)) return { scale: SEQUENTIAL, zmin: 0, zmax: 1, kind: "unit" };
  const [lo, hi] = run.range(field, g);
  let m = Math.max(Math.abs(lo), Math.abs(hi));
  if (m === 0) m = 1;
  const tanhLike =
    (field === "h" && !(run.cell === "rnn" && run.model.nonlinearity === "relu") && !run.model.proj_size) ||
    (field === "gates" && (g === "g" || g === "n" || (run.cell === "rnn" && run.model.nonlinearity !== "relu")));
  if (tanhLike && m <= 1) m = 1;
  return { scale: DIVERGING, zmin: -m, zmax: m, kind: "signed" };
}

/** A value's colour under scaleFor(). */
export function valueColor(sc, v) {
  return colorAt(sc.scale, (v - sc.zmin) / (sc.zmax - sc.zmin));
}

export function valueInk(sc, v) {
  return inkOn(sc.scale, (v - sc.zmin) / (sc.zmax - sc.zmin));
}

/** Plotly's colorscale form. */
export function plotlyScale(scale) {
  return scale.map(([u, c]) => [u, c]);
}
