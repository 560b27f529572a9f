// api.js, answered first from what the page was served with (issue 11). For /?preset=ID the
// server puts the API's answers about that preset in the page (app/bootdata.py): the preset
// list, the preset's body, its forward trace and its canonical weights, in
// <script type="application/json" id="rnnscope-boot">. The page's first view then needs no
// round trip. The trace is used only for a body equal to the one the server ran (any edit, a
// grad= or another preset: the request goes to the server as before), and only once.

import * as api from "./api.js";

export * from "./api.js";

let boot;
function data() {
  if (boot === undefined) {
    const el = document.getElementById("rnnscope-boot");
    try {
      boot = el ? JSON.parse(el.textContent) : null;
    } catch {
      boot = null;
    }
  }
  return boot;
}

/** JSON with every object's keys sorted: two bodies that mean the same print the same. */
export function canonicalJson(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

let answered = null; // the weights of the body whose trace came from the page: convert answers for them

export async function listPresets() {
  const d = data();
  return d && d.presets ? structuredClone(d.presets) : api.listPresets();
}

export async function getPreset(id) {
  const d = data();
  return d && d.preset && d.preset.id === id ? structuredClone(d.preset.body) : api.getPreset(id);
}

/** POST /forward, or the page's own copy of its answer when `body` is the body it was for. */
export async function forward(body, opts) {
  const d = data();
  const f = d && d.forward;
  if (f && canonicalJson(body) === canonicalJson(f.request)) {
    d.forward = null; // once: a second run of the same body asks the server
    answered = { weights: canonicalJson(body.weights), canonical: f.canonical };
    return { payload: f.response, bytes: f.bytes };
  }
  answered = null;
  return api.forward(body, opts);
}

/** POST /convert; the canonical weights of the body answered from the page come with it. */
export async function convert(model, weights, to) {
  const a = answered;
  if (a && a.canonical && to === "canonical" && canonicalJson(weights) === a.weights) {
    answered = null;
    return { model, weights: a.canonical, warnings: [] };
  }
  return api.convert(model, weights, to);
}
