// api.js of the standalone page (app/standalone.py puts this module at "api.js" and the real
// api.js at "api-server.js"). The same functions, answered from the network and trace the page
// was saved with: nothing is fetched, so the page works from file:// with no server. Every other
// export of the real module passes through unchanged (and the page's CSP, connect-src 'none',
// stops it from reaching any network).

import { ApiError } from "./api-server.js";
import { tr } from "./i18n.js";

export * from "./api-server.js";

let saved = null;

/** The data block the page carries: {preset, request, response, response_bytes, canonical, …}. */
export function savedData() {
  if (!saved) {
    const el = document.getElementById("rnnscope-data");
    saved = el ? JSON.parse(el.textContent) : null;
  }
  return saved;
}

function refuse() {
  const msg = tr("offline.cannot-run");
  return new ApiError(0, [{ loc: ["body"], msg, type: "offline" }], msg);
}

export async function listPresets() {
  const d = savedData();
  return d ? [d.preset] : [];
}

export async function getPreset(id) {
  const d = savedData();
  if (!d || id !== d.preset.id) throw refuse();
  return structuredClone(d.request);
}

/** The saved trace (the form that shows it is read-only here, so the body is the saved one). */
export async function forward() {
  const d = savedData();
  if (!d) throw refuse();
  return { payload: d.response, bytes: d.response_bytes };
}

export async function convert(model, weights, to) {
  const d = savedData();
  if (!d || to !== "canonical" || !d.canonical) throw refuse();
  return { model: d.response.model, weights: d.canonical, warnings: [] };
}

export async function importWeights() {
  throw refuse();
}

export async function standalonePage() {
  throw refuse();
}
