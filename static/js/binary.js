// The API's "binary" encoding (app/encoding.py, docs/API.md): b"RNSB", the header's length
// (uint32 LE), a JSON header holding the response with each array as {dtype, shape, offset},
// zero padding to a multiple of 8, then the arrays' little-endian bytes, each 8-aligned.
// Every array becomes a Tensor viewing the one ArrayBuffer in place: no text, no copy, no
// base64, so there is nothing worth moving to a worker. A float64 pre-activation that is
// input_term + recurrent_term bit for bit comes as {dtype, shape, sum: [offset, offset]}: the
// two added here in float64 give its very numbers (one pass; a fifth fewer bytes to receive).

import { Tensor } from "./tensor.js";

const MAGIC = [0x52, 0x4e, 0x53, 0x42]; // "RNSB"
const CTORS = { f8: Float64Array, f4: Float32Array };

export function isBinary(buffer) {
  const b = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  return b.length === 4 && MAGIC.every((m, i) => b[i] === m);
}

/** ArrayBuffer -> the response object, arrays as Tensors (float64 or float32 views). */
export function decodeBinary(buffer) {
  if (!isBinary(buffer)) throw new Error("not an rnnscope binary response");
  const view = new DataView(buffer);
  const n = view.getUint32(4, true);
  if (8 + n > buffer.byteLength) throw new Error("binary response: header longer than the body");
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, n)));
  const base = 8 + n + ((8 - ((8 + n) % 8)) % 8);
  const at = (offset, v) => {
    const Ctor = CTORS[v.dtype];
    const count = v.shape.reduce((a, b) => a * b, 1);
    const start = base + offset;
    if (typeof offset !== "number" || start + count * Ctor.BYTES_PER_ELEMENT > buffer.byteLength) throw new Error("binary response: an array runs past the end");
    return new Ctor(buffer, start, count); // little-endian hosts (every browser)
  };
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v.shape) && CTORS[v.dtype]) {
      if (typeof v.offset === "number") return new Tensor(at(v.offset, v), v.shape.slice());
      if (Array.isArray(v.sum) && v.sum.length === 2) {
        const [x, y] = v.sum.map((offset) => at(offset, v));
        const s = new CTORS[v.dtype](x.length);
        for (let i = 0; i < s.length; i++) s[i] = x[i] + y[i];
        return new Tensor(s, v.shape.slice());
      }
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = walk(x);
    return out;
  };
  return walk(header);
}

