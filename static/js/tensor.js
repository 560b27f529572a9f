// Arrays of the API, in one shape: {data: Float64Array | Float32Array, shape: [..]}, C order.
// The API sends nested JSON lists (null for a non-finite value) or, with encoding "base64",
// {dtype: "f8" | "f4", shape, bdata}: both are decoded here, nothing else reads them.

export class Tensor {
  constructor(data, shape) {
    this.data = data;
    this.shape = shape;
    this.strides = [];
    let s = 1;
    for (let i = shape.length - 1; i >= 0; i--) {
      this.strides[i] = s;
      s *= shape[i];
    }
  }

  get float32() {
    return this.data instanceof Float32Array;
  }

  get size() {
    return this.data.length;
  }

  /** The last axis at the given leading indices, as a view: t.row(b, t) -> (H). */
  row(...idx) {
    let off = 0;
    for (let i = 0; i < idx.length; i++) off += idx[i] * this.strides[i];
    const n = this.strides[idx.length - 1];
    return this.data.subarray(off, off + n);
  }

  at(...idx) {
    let off = 0;
    for (let i = 0; i < idx.length; i++) off += idx[i] * this.strides[i];
    return this.data[off];
  }

  /** Slice the first axis: a view of batch row b of a (B, T, H) tensor, as (T, H). */
  index0(b) {
    const n = this.strides[0];
    return new Tensor(this.data.subarray(b * n, (b + 1) * n), this.shape.slice(1));
  }

  /** Rows of the last axis as views (for Plotly's z with transpose): (T, H) -> T arrays of H. */
  rows2d() {
    const [R, C] = this.shape;
    const out = new Array(R);
    for (let r = 0; r < R; r++) out[r] = this.data.subarray(r * C, (r + 1) * C);
    return out;
  }

  /** Column c of a (T, H) tensor, copied: the time series of one unit. */
  column(c) {
    const [R, C] = this.shape;
    const out = new Float64Array(R);
    for (let r = 0; r < R; r++) out[r] = this.data[r * C + c];
    return out;
  }

  /** Nested JS lists (null for non-finite), the API's JSON form. */
  toNested() {
    const rec = (axis, off) => {
      const n = this.shape[axis];
      const out = new Array(n);
      if (axis === this.shape.length - 1) {
        for (let i = 0; i < n; i++) {
          const v = this.data[off + i];
          out[i] = Number.isFinite(v) ? v : null;
        }
      } else {
        for (let i = 0; i < n; i++) out[i] = rec(axis + 1, off + i * this.strides[axis]);
      }
      return out;
    };
    return this.shape.length === 0 ? this.data[0] : rec(0, 0);
  }
}

function base64ToBytes(b64) {
  if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function isEncoded(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) && typeof v.bdata === "string";
}

/** Decode one API array (nested lists, a number, or the base64 form) into a Tensor. */
export function toTensor(v) {
  if (v instanceof Tensor) return v;
  if (isEncoded(v)) {
    const bytes = base64ToBytes(v.bdata);
    const Ctor = v.dtype === "f4" ? Float32Array : v.dtype === "f8" ? Float64Array : null;
    if (!Ctor) throw new Error(`unsupported dtype ${v.dtype}`);
    // copy when unaligned, view otherwise
    const data =
      bytes.byteOffset % Ctor.BYTES_PER_ELEMENT === 0
        ? new Ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT)
        : new Ctor(bytes.slice().buffer);
    return new Tensor(data, v.shape.slice());
  }
  if (typeof v === "number" || v === null) return new Tensor(Float64Array.of(v ?? NaN), []);
  if (!Array.isArray(v)) throw new Error("not an array");
  const shape = [];
  let probe = v;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const size = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(size);
  let k = 0;
  const walk = (a, depth) => {
    if (depth === shape.length - 1) {
      if (a.length !== shape[depth]) throw new Error("ragged array");
      for (let i = 0; i < a.length; i++) data[k++] = a[i] === null ? NaN : a[i];
    } else {
      if (a.length !== shape[depth]) throw new Error("ragged array");
      for (let i = 0; i < a.length; i++) walk(a[i], depth + 1);
    }
  };
  if (size > 0) walk(v, 0);
  return new Tensor(data, shape);
}

/** Finite min and max of a typed array (NaN and ±Inf skipped). */
export function finiteRange(data) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === -Infinity || hi === Infinity) {
    lo = Infinity;
    hi = -Infinity;
    for (let i = 0; i < data.length; i++) {
      const v = data[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  }
  if (lo > hi) lo = hi = 0; // no finite value at all
  return [lo, hi];
}
