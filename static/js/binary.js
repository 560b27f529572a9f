// The API's "binary" encoding (app/encoding.py, docs/API.md): b"RNSB", the header's length
// (uint32 LE), a JSON header holding the response with each array as {dtype, shape, offset},
// zero padding to a multiple of 8, then the arrays' little-endian bytes, each 8-aligned.
// Every array becomes a Tensor viewing the one ArrayBuffer in place: no text, no copy, no
// base64, so there is nothing worth moving to a worker. A float64 pre-activation that is
// input_term + recurrent_term bit for bit comes as {dtype, shape, sum: [offset, offset]}: the
// two added here in float64 give its very numbers (one pass; a fifth fewer bytes to receive).
// An input_term whose rows repeat (text and one-hot inputs) comes as {dtype, shape, rows: {table,
// count, index}}: its distinct rows and each row's uint32 number among them, copied back here
// (for T=1000, H=128: 4 MB fewer); a sum then names that entry in place of an offset.

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
  const made = new Map(); // rows made once: a sum names its input term's entry again
  const rows = (v) => {
    const { table, count, index } = v.rows;
    const key = `${table}/${index}/${count}/${v.dtype}/${v.shape}`;
    if (!made.has(key)) made.set(key, copyRows(v, table, count, index));
    return made.get(key);
  };
  const copyRows = (v, table, count, index) => {
    const w = v.shape[v.shape.length - 1];
    const n = v.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const tab = at(table, { dtype: v.dtype, shape: [count, w] });
    if (typeof index !== "number" || index % 4 || base + index + 4 * n > buffer.byteLength) throw new Error("binary response: a row index runs past the end");
    const idx = new Uint32Array(buffer, base + index, n);
    const out = new CTORS[v.dtype](n * w);
    for (let i = 0; i < n; i++) {
      const k = idx[i];
      if (k >= count) throw new Error("binary response: a row number past its table");
      out.set(tab.subarray(k * w, k * w + w), i * w);
    }
    return out;
  };
  const operand = (o, v) => (typeof o === "number" ? at(o, v) : walk(o).data);
  const walk = (v) => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v.shape) && CTORS[v.dtype]) {
      if (typeof v.offset === "number") return new Tensor(at(v.offset, v), v.shape.slice());
      if (v.rows && typeof v.rows === "object") return new Tensor(rows(v), v.shape.slice());
      if (Array.isArray(v.sum) && v.sum.length === 2) {
        const [x, y] = v.sum.map((o) => operand(o, v));
        if (x.length !== y.length) throw new Error("binary response: a sum of unequal arrays");
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

