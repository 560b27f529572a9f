// The one state object, its URL keys and their pure serialize() / parse().
//
// Everything the page shows follows from `state`: the request (a preset id, or the whole
// request body in `cfg`) and the view (step, layer, direction, sequence, unit, panels…).
// The URL mirrors it through history.replaceState once it rests: one entry, no history pile.

import { replaceAddress } from "./address.js";
import { LANGS } from "./i18n.js";

/** Parts of the page that `hide=` can remove (for embedding). */
export const HIDEABLE = Object.freeze([
  "header", "presets", "editor", "model", "weights", "inputs", "state", "options", "player",
  "worked", "diagram", "heatmaps", "lines", "trajectory", "outputs", "table", "export", "footer", "gradients",
]);

/** Heatmap groups; each gated one draws a heatmap per gate. */
export const QUANTITIES = Object.freeze(["h", "c", "gates", "pre_activation", "input_term", "recurrent_term"]);

/** The views `views=` chooses from (the hideable parts that are not chrome or the editor). */
const CHROME = ["header", "presets", "editor", "model", "weights", "inputs", "state", "options", "footer"];
export const VIEWS = Object.freeze(HIDEABLE.filter((k) => !CHROME.includes(k)));
/** What /embed shows when its URL names no views. */
export const EMBED_VIEWS = Object.freeze(VIEWS.filter((k) => k !== "table" && k !== "export"));
const VIEW_ALIASES = Object.freeze({ heatmap: "heatmaps", cell: "diagram", traj: "trajectory", "state-space": "trajectory", values: "table", gradient: "gradients" });

const LIMIT_CFG = 1_500_000; // characters of the encoded request accepted from a URL

/**
 * The typed table of URL keys. type: int | num | str | enum | list | intlist | blob.
 * `def` values are left out of the URL.
 */
export const URL_KEYS = Object.freeze({
  preset: { type: "str", def: null, pattern: /^[A-Za-z0-9_.-]{1,64}$/ },
  cfg: { type: "blob", def: null, max: LIMIT_CFG },
  grad: { type: "enum", def: null, values: ["0", "1"] }, // a preset with gradients switched off / on
  t: { type: "int", def: 0, min: 0, max: 1e7 },
  layer: { type: "int", def: 0, min: 0, max: 64 },
  dir: { type: "int", def: 0, min: 0, max: 1 },
  b: { type: "int", def: 0, min: 0, max: 1e5 },
  unit: { type: "int", def: 0, min: 0, max: 1e5 },
  units: { type: "str", def: "", pattern: /^[0-9,\- ]{0,200}$/ },
  q: { type: "list", def: null, values: QUANTITIES },
  lq: { type: "str", def: "h", pattern: /^[a-z_]{1,20}(\.[a-z]{1,2})?$/ },
  traj: { type: "enum", def: "2d", values: ["2d", "3d"] },
  speed: { type: "num", def: 4, min: 0.1, max: 1000 },
  digits: { type: "int", def: 3, min: 2, max: 8 },
  page: { type: "int", def: 0, min: 0, max: 1e4 },
  scale: { type: "enum", def: "own", values: ["own", "fixed"] }, // colour scales: each quantity's own range, or fixed
  hide: { type: "list", def: [], values: HIDEABLE },
  // embedding (issue 4): the views shown, autoplay, the parent page's origin, the language
  views: { type: "list", def: null, values: VIEWS, aliases: VIEW_ALIASES },
  autoplay: { type: "int", def: 0, min: 0, max: 1 },
  origin: { type: "str", def: null, pattern: /^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/ },
  lang: { type: "enum", def: null, values: LANGS },
  // lessons (issue 14, static/js/lesson.js): a shipped lesson, its step, or a same-origin lesson file
  lesson: { type: "str", def: null, pattern: /^[A-Za-z0-9_.-]{1,64}$/ },
  step: { type: "int", def: 0, min: 0, max: 1000 },
  lesson_url: { type: "str", def: null, pattern: /^[^\s<>"']{1,2000}$/ },
  // compare two runs (issue 13, static/js/compare.js): run A, pinned, as a preset id or a cfg blob
  compare: { type: "ref", def: null, pattern: /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/, max: LIMIT_CFG },
});

/** The parts of the page to hide: `hide`, plus every view that `views` leaves out (in /embed,
 *  EMBED_VIEWS when `views` is not given). Pure. */
export function hiddenParts(st, embed = false) {
  const views = st.views && st.views.length ? st.views : embed ? EMBED_VIEWS : null;
  const out = new Set(st.hide);
  if (views) for (const v of VIEWS) if (!views.includes(v)) out.add(v);
  return out;
}

/** A fresh state with every default. */
export function defaults() {
  const st = {};
  for (const [k, spec] of Object.entries(URL_KEYS)) st[k] = Array.isArray(spec.def) ? [...spec.def] : spec.def;
  return st;
}

export const state = Object.assign(defaults(), {
  body: null, // the request body being shown (not in the URL as such: `cfg` or `preset`)
  presetBody: null, // the body the preset came with, to tell whether it was edited
  playing: false,
});

function encodeValue(spec, v) {
  switch (spec.type) {
    case "list":
      return v.join(",");
    case "num":
      return String(+Number(v).toPrecision(6));
    default:
      return String(v);
  }
}

function sameValue(spec, a, b) {
  if (spec.type === "list") return a !== null && b !== null && a.join(",") === b.join(",");
  return a === b;
}

/** state -> query string (without "?"). Pure; default values are left out. */
export function serialize(st) {
  const params = new URLSearchParams();
  for (const [k, spec] of Object.entries(URL_KEYS)) {
    const v = st[k];
    if (v === null || v === undefined || sameValue(spec, v, spec.def)) continue;
    params.set(k, encodeValue(spec, v));
  }
  return params.toString();
}

function clampInt(raw, spec) {
  if (!/^-?\d{1,9}$/.test(raw)) return undefined;
  return Math.min(spec.max ?? Infinity, Math.max(spec.min ?? -Infinity, parseInt(raw, 10)));
}

/** query string -> the state fields it sets. Pure; anything malformed is ignored, never thrown. */
export function parse(search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [k, spec] of Object.entries(URL_KEYS)) {
    const raw = params.get(k);
    if (raw === null) continue;
    let v;
    switch (spec.type) {
      case "int":
        v = clampInt(raw, spec);
        break;
      case "num": {
        const n = Number(raw);
        v = Number.isFinite(n) ? Math.min(spec.max, Math.max(spec.min, n)) : undefined;
        break;
      }
      case "str":
        v = spec.pattern.test(raw) ? raw : undefined;
        break;
      case "enum":
        v = spec.values.includes(raw) ? raw : undefined;
        break;
      case "list":
        v = raw
          .split(",")
          .map((x) => x.trim())
          .map((x) => (spec.aliases && Object.hasOwn(spec.aliases, x) ? spec.aliases[x] : x))
          .filter((x) => spec.values.includes(x));
        v = [...new Set(v)];
        break;
      case "blob":
        v = raw.length <= spec.max && /^[jz]\.[A-Za-z0-9_-]*$/.test(raw) ? raw : undefined;
        break;
      case "ref": // a preset id, or a blob as cfg ("j." / "z." first)
        v = /^[jz]\./.test(raw) ? (raw.length <= spec.max && /^[jz]\.[A-Za-z0-9_-]*$/.test(raw) ? raw : undefined) : spec.pattern.test(raw) ? raw : undefined;
        break;
    }
    if (v !== undefined) out[k] = v;
  }
  return out;
}

// ---- the request body in the URL: "j." + base64url(JSON) or "z." + base64url(deflate-raw(JSON))

function toBase64Url(bytes) {
  let bin = "";
  const CH = 0x8000;
  for (let i = 0; i < bytes.length; i += CH) bin += String.fromCharCode.apply(null, bytes.subarray(i, i + CH));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s) {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "===".slice((b64.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function pipeBytes(bytes, stream, maxOut) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  const reader = piped.getReader();
  const chunks = [];
  let n = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > maxOut) {
      await reader.cancel();
      throw new Error("the link's configuration is too large");
    }
    chunks.push(value);
  }
  const out = new Uint8Array(n);
  let k = 0;
  for (const c of chunks) {
    out.set(c, k);
    k += c.length;
  }
  return out;
}

const MAX_JSON = 16 * 1024 * 1024; // decoded bytes accepted from a link

/** Encode a request body for the URL: compressed when that is shorter. */
export async function encodeBody(body) {
  const json = new TextEncoder().encode(JSON.stringify(body));
  const plain = "j." + toBase64Url(json);
  if (json.length < 200 || typeof CompressionStream !== "function") return plain;
  const packed = "z." + toBase64Url(await pipeBytes(json, new CompressionStream("deflate-raw"), Infinity));
  return packed.length < plain.length ? packed : plain;
}

/** Decode a `cfg` value. Returns a plain object; throws on anything else. Size-capped. */
export async function decodeBody(blob) {
  const bytes = fromBase64Url(blob.slice(2));
  const json =
    blob[0] === "z" ? await pipeBytes(bytes, new DecompressionStream("deflate-raw"), MAX_JSON) : bytes;
  if (json.length > MAX_JSON) throw new Error("the link's configuration is too large");
  const body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw new Error("not a request body");
  return body;
}

// ---- URL sync, once the state rests

let pending = null;
let firstCall = 0;
const QUIET_MS = 250;
const MAX_WAIT_MS = 1000;

/** Write the state to the address bar once it has not changed for 250 ms (at least every second
 * while it keeps changing). Each write is a same-document navigation: with a long cfg it costs
 * several ms, and Chromium fetches and decodes the page's icon again after it, so the → key
 * held down or playback do not write at every step, only when they stop (issue 11). */
export function syncUrl() {
  const now = performance.now();
  if (pending) clearTimeout(pending);
  else firstCall = now;
  const wait = Math.max(0, Math.min(QUIET_MS, firstCall + MAX_WAIT_MS - now));
  pending = setTimeout(() => {
    pending = null;
    const write = () => replaceAddress(currentUrl()); // the state as it is then
    // in idle time, not inside a step's frame
    if (window.requestIdleCallback) window.requestIdleCallback(write, { timeout: 500 });
    else write();
  }, wait);
}

/** The page's URL for the current state. */
export function currentUrl() {
  const q = serialize(state);
  return location.pathname + (q ? "?" + q : "") + location.hash;
}
