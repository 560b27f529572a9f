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

// A saved lesson carries one network per distinct step network (d.networks); lesson.js picks
// the one its step shows before running, and forward/convert answer with that one.
let chosen = null;

/** Choose the saved lesson network i (its {request, response, response_bytes, canonical}). */
export function selectSaved(i) {
  const d = savedData();
  chosen = d && d.networks ? d.networks[i] : null;
  return chosen;
}

function current() {
  const d = savedData();
  return chosen || d;
}

/** The saved trace (the form that shows it is read-only here, so the body is the saved one). */
export async function forward() {
  const d = current();
  if (!d) throw refuse();
  return { payload: d.response, bytes: d.response_bytes };
}

export async function convert(model, weights, to) {
  const d = current();
  if (!d || to !== "canonical" || !d.canonical) throw refuse();
  return { model: d.response.model, weights: d.canonical, warnings: [] };
}

export async function listLessons() {
  const d = savedData();
  return d && d.lesson ? [d.lesson] : [];
}

export async function getLesson(id) {
  const d = savedData();
  if (!d || !d.lesson || d.lesson.id !== id) throw refuse();
  return structuredClone(d.lesson);
}

export async function checkLesson() {
  throw refuse();
}

export async function importWeights() {
  throw refuse();
}

export async function standalonePage() {
  throw refuse();
}
