// The only module that talks to the server. Every call returns parsed JSON or throws ApiError.
// A 200 answer in the binary encoding (application/octet-stream, see binary.js) is decoded
// straight from its ArrayBuffer into Tensors.

import { decodeBinary } from "./binary.js";

const BASE = "/api/v1";

export class ApiError extends Error {
  /** status: HTTP status (0 for a network failure); detail: FastAPI's list of {loc, msg, type} */
  constructor(status, detail, message) {
    super(message);
    this.status = status;
    this.detail = detail;
  }
}

function normaliseDetail(status, payload) {
  const d = payload && payload.detail;
  if (Array.isArray(d)) {
    return d.map((e) => ({
      loc: Array.isArray(e.loc) ? e.loc.map(String) : ["body"],
      msg: String(e.msg ?? "invalid"),
      type: String(e.type ?? ""),
      ctx: e.ctx && typeof e.ctx === "object" ? e.ctx : undefined,
    }));
  }
  const msg = typeof d === "string" ? d : d ? JSON.stringify(d) : `HTTP ${status}`;
  return [{ loc: ["body"], msg, type: `http_${status}` }];
}

async function call(path, init = {}, { signal } = {}) {
  let res;
  try {
    res = await fetch(BASE + path, { ...init, signal, credentials: "same-origin" });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, [{ loc: ["body"], msg: "the server cannot be reached", type: "network" }], e.message);
  }
  if (res.ok && (res.headers.get("Content-Type") || "").startsWith("application/octet-stream")) {
    // Through a Blob: Chromium drains the body into blob storage off the page's thread, then
    // hands over one buffer; res.arrayBuffer() takes the body chunk by chunk on the main thread
    // (19.5 MB: 185 ms against 310 ms at the median, issue 11; see docs/notes/i11-speed-note.md).
    const buf = await (await res.blob()).arrayBuffer();
    return { payload: decodeBinary(buf), bytes: buf.byteLength };
  }
  let payload = null;
  const text = await res.text();
  try {
    payload = text ? JSON.parse(text) : null;
  } catch {
    payload = { detail: text.slice(0, 300) };
  }
  if (!res.ok) {
    const detail = normaliseDetail(res.status, payload);
    throw new ApiError(res.status, detail, detail.map((d) => d.msg).join("; "));
  }
  return { payload, bytes: text.length };
}

const json = (body) => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export async function listPresets() {
  return (await call("/presets")).payload;
}

export async function getPreset(id) {
  return (await call("/presets/" + encodeURIComponent(id))).payload;
}

/** POST /forward. Returns {payload, bytes}. */
export async function forward(body, opts) {
  return call("/forward", json(body), opts);
}

export async function convert(model, weights, to) {
  return (await call("/convert", json({ model, weights, to }))).payload;
}

export async function importWeights(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  return (await call("/weights/import", { method: "POST", body: form })).payload;
}

/** POST /weights/import with several files (the multipart field `file` repeated): a model and its companions. */
export async function importModel(files) {
  const form = new FormData();
  for (const file of files) form.append("file", file, file.name);
  return (await call("/weights/import", { method: "POST", body: form })).payload;
}

/** POST /standalone: one self-contained HTML page with this network. Returns {blob, filename}. */
export async function standalonePage(body, { preset = "", state = "", lang = "" } = {}) {
  const q = new URLSearchParams();
  if (preset) q.set("preset", preset);
  if (state) q.set("state", state);
  if (lang) q.set("lang", lang);
  let res;
  try {
    res = await fetch(`${BASE}/standalone?${q}`, { ...json(body), credentials: "same-origin" });
  } catch (e) {
    throw new ApiError(0, [{ loc: ["body"], msg: "the server cannot be reached", type: "network" }], e.message);
  }
  if (!res.ok) {
    let payload = null;
    try {
      payload = await res.json();
    } catch {
      payload = null;
    }
    const detail = normaliseDetail(res.status, payload);
    throw new ApiError(res.status, detail, detail.map((d) => d.msg).join("; "));
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
  return { blob: await res.blob(), filename: name ? name[1] : "rnnscope.html" };
}

// ---- lessons (issue 14)

export async function listLessons() {
  return (await call("/lessons")).payload;
}

export async function getLesson(id) {
  return (await call("/lessons/" + encodeURIComponent(id))).payload;
}

/** A teacher's lesson (parsed JSON), validated by the server: the normalised lesson, or an
 *  ApiError whose detail names the step and field of each problem. */
export async function checkLesson(lesson) {
  return (await call("/lessons/check", json(lesson))).payload;
}
