// Exports: the trace as JSON (the API's own response form) and as long-form CSV
// (batch, layer, direction, quantity, unit, t, value), the request body, and PNG files.

import { tr } from "./i18n.js";
import { listQuantities, quantityId } from "./quantities.js";
import { Tensor } from "./tensor.js";

const CSV_MAX_ROWS = 20_000_000;

export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function toBase64(bytes) {
  if (typeof bytes.toBase64 === "function") return bytes.toBase64();
  let bin = "";
  const CH = 0x8000;
  for (let i = 0; i < bytes.length; i += CH) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CH));
  return btoa(bin);
}

/** The response as the API would send it: nested lists when small, base64 when large. */
export function traceJson(run) {
  const big = run.values > 2_000_000;
  const enc = (t) => {
    if (!(t instanceof Tensor)) return t;
    if (!big) return t.toNested();
    const bytesView = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    return { dtype: t.float32 ? "f4" : "f8", shape: t.shape, bdata: toBase64(bytesView) };
  };
  const names = ["forward", "backward"];
  const out = {
    model: run.model,
    batch: run.B,
    steps: run.T,
    ...(run.tokens ? { tokens: run.tokens } : {}),
    output: enc(run.output),
    h_n: enc(run.h_n),
    ...(run.c_n ? { c_n: enc(run.c_n) } : {}),
    ...(run.y ? { y: enc(run.y) } : {}),
    trace: run.trace.map((layer) => {
      const o = {};
      layer.forEach((d, k) => {
        const dd = {};
        for (const [field, v] of Object.entries(d)) {
          dd[field] = v instanceof Tensor ? enc(v) : Object.fromEntries(Object.entries(v).map(([g, t]) => [g, enc(t)]));
        }
        o[names[k]] = dd;
      });
      return o;
    }),
    warnings: run.warnings,
  };
  return new Blob([JSON.stringify(out)], { type: "application/json" });
}

/** Long-form CSV of every recorded quantity, or only one layer/direction/sequence. */
export function traceCsv(run, only = null) {
  const parts = ["batch,layer,direction,quantity,unit,t,value\n"];
  let rows = 0;
  const dirName = (d) => (d ? "backward" : "forward");
  const emit = (tens, b, l, d, q) => {
    const [, T, K] = tens.shape;
    let chunk = "";
    for (let t = 0; t < T; t++) {
      const row = tens.row(b, t);
      for (let k = 0; k < K; k++) {
        const v = row[k];
        chunk += `${b},${l},${d},${q},${k},${t},${Number.isFinite(v) ? v : v !== v ? "NaN" : v > 0 ? "Infinity" : "-Infinity"}\n`;
      }
      if (chunk.length > 1 << 20) {
        parts.push(chunk);
        chunk = "";
      }
    }
    parts.push(chunk);
    rows += T * K;
  };
  const count = () => {
    let n = 0;
    for (let l = 0; l < run.L; l++)
      for (let d = 0; d < run.D; d++) {
        if (only && (only.layer !== l || only.dir !== d)) continue;
        for (const { field, g } of listQuantities(run)) {
          const t = run.series(l, d, field, g);
          if (t) n += (t.size / run.B) * (only ? 1 : run.B);
        }
      }
    return n;
  };
  const n = count();
  if (n > CSV_MAX_ROWS) throw new Error(tr("export.too-many-rows", { n: n.toLocaleString("en") }));
  for (let b = 0; b < run.B; b++) {
    if (only && only.b !== b) continue;
    for (let l = 0; l < run.L; l++)
      for (let d = 0; d < run.D; d++) {
        if (only && (only.layer !== l || only.dir !== d)) continue;
        for (const { field, g } of listQuantities(run)) {
          const tens = run.series(l, d, field, g);
          if (tens) emit(tens, b, l, dirName(d), quantityId(field, g));
        }
      }
    if (!only || only.layer === run.L - 1) {
      if (run.y) emit(run.y, b, "", "", "y");
    }
  }
  return { blob: new Blob(parts, { type: "text/csv" }), rows };
}
