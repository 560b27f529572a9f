// Principal components of a (T, P) state trajectory, with the explained variance of each.
// Fitting uses at most 1,000 evenly spaced steps (centred on the mean of all steps); the top
// components are the exact eigenvectors of their covariance, found by Lanczos iteration with full
// reorthogonalisation until every wanted Ritz pair's residual is at rounding level (or the
// Krylov space is the whole space): exact to float64 rounding, like numpy.linalg.eigh, and fast
// (T = 10,000, P = 512: tens of ms, where subspace iteration took ~0.7 s and stopped short).

const EPS = 2.220446049250313e-16;

// small hot functions: the JIT optimises them within a few calls (a first view runs this once, cold)
function dot(a, b, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * b[i];
  return s;
}

/** y -= c · x */
function subScaled(y, c, x, n) {
  for (let i = 0; i < n; i++) y[i] -= c * x[i];
}

/** w ⟂ every vector of Q, twice (classical Gram-Schmidt, repeated) */
function orthogonalise(w, Q, n) {
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < Q.length; i++) subScaled(w, dot(w, Q[i], n), Q[i], n);
  }
}

/** Number of eigenvalues of the symmetric tridiagonal (d, e) below x (Sturm sequence). */
function countBelow(d, e, m, x, tiny) {
  let c = 0;
  let q = 1;
  for (let i = 0; i < m; i++) {
    q = d[i] - x - (i > 0 ? (e[i - 1] * e[i - 1]) / q : 0);
    if (q === 0) q = -tiny;
    if (q < 0) c++;
  }
  return c;
}

/** The j-th smallest eigenvalue (0-based) of the tridiagonal, by bisection to rounding level. */
function eigenvalue(d, e, m, j, lo, hi, tiny) {
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (countBelow(d, e, m, mid, tiny) > j) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** An eigenvector of the tridiagonal for eigenvalue theta: inverse iteration (LAPACK's dgttrf/dgtts2), kept orthogonal to `against`. */
function eigenvector(d, e, m, theta, against, norm) {
  const dl = new Float64Array(m);
  const dd = new Float64Array(m);
  const du = new Float64Array(m);
  const du2 = new Float64Array(m);
  const swap = new Uint8Array(m);
  for (let i = 0; i < m; i++) dd[i] = d[i] - theta;
  for (let i = 0; i < m - 1; i++) {
    dl[i] = e[i];
    du[i] = e[i];
  }
  const tiny = EPS * norm || 1e-300;
  for (let i = 0; i < m - 1; i++) {
    if (Math.abs(dd[i]) >= Math.abs(dl[i])) {
      if (dd[i] === 0) dd[i] = tiny;
      const f = dl[i] / dd[i];
      dl[i] = f;
      dd[i + 1] -= f * du[i];
    } else {
      const f = dd[i] / dl[i];
      dd[i] = dl[i];
      dl[i] = f;
      const t = du[i];
      du[i] = dd[i + 1];
      dd[i + 1] = t - f * dd[i + 1];
      if (i < m - 2) {
        du2[i] = du[i + 1];
        du[i + 1] = -f * du[i + 1];
      }
      swap[i] = 1;
    }
  }
  for (let i = 0; i < m; i++) if (dd[i] === 0) dd[i] = tiny;
  let x = new Float64Array(m);
  let seed = 7;
  for (let i = 0; i < m; i++) x[i] = ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5;
  for (let it = 0; it < 4; it++) {
    const b = x;
    for (let i = 0; i < m - 1; i++) {
      if (swap[i]) {
        const t = b[i] - dl[i] * b[i + 1];
        b[i] = b[i + 1];
        b[i + 1] = t;
      } else b[i + 1] -= dl[i] * b[i];
    }
    b[m - 1] /= dd[m - 1];
    if (m > 1) b[m - 2] = (b[m - 2] - du[m - 2] * b[m - 1]) / dd[m - 2];
    for (let i = m - 3; i >= 0; i--) b[i] = (b[i] - du[i] * b[i + 1] - du2[i] * b[i + 2]) / dd[i];
    for (const v of against) subScaled(b, dot(b, v, m), v, m);
    const n = Math.sqrt(dot(b, b, m)) || 1;
    for (let i = 0; i < m; i++) b[i] /= n;
    x = b;
  }
  return x;
}

/** The k largest eigenpairs of the tridiagonal (d, e) of size m: {values (descending), vectors}. */
function topOfTridiagonal(d, e, m, k) {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < m; i++) {
    const r = (i > 0 ? Math.abs(e[i - 1]) : 0) + (i < m - 1 ? Math.abs(e[i]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
  }
  const norm = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  lo -= EPS * norm;
  hi += EPS * norm;
  const tiny = EPS * EPS * norm;
  const values = [];
  const vectors = [];
  for (let j = 0; j < Math.min(k, m); j++) {
    const theta = eigenvalue(d, e, m, m - 1 - j, lo, hi, tiny);
    // inverse iteration; vectors of close eigenvalues kept orthogonal (as LAPACK's dstein does)
    const against = vectors.filter((_, i) => Math.abs(values[i] - theta) < 1e-3 * norm);
    values.push(theta);
    vectors.push(eigenvector(d, e, m, theta, against, norm));
  }
  return { values, vectors };
}

/**
 * The k largest eigenpairs of a symmetric P×P operator apply(v, out) (out = A v) by Lanczos with
 * full reorthogonalisation. Returns {values, vectors} (vectors: Float64Array(P), orthonormal).
 */
function lanczosTop(apply, P, k) {
  const limit = P;
  const Q = [];
  const alpha = [];
  const beta = [];
  let seed = 12345;
  let q = Float64Array.from({ length: P }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5);
  let n0 = Math.sqrt(dot(q, q, P));
  for (let p = 0; p < P; p++) q[p] /= n0;
  let scale = 0;
  let result = null;
  for (let j = 0; j < limit; j++) {
    Q.push(q);
    const w = new Float64Array(P);
    apply(q, w);
    alpha.push(dot(w, q, P));
    orthogonalise(w, Q, P);
    const b = Math.sqrt(dot(w, w, P));
    scale = Math.max(scale, Math.abs(alpha[j]) + b);
    const m = j + 1;
    const exhausted = b <= 1e-13 * scale || m === limit; // the Krylov space is invariant: exact
    if (exhausted || (m >= k && (m % 4 === 0 || m < 12))) {
      const tri = topOfTridiagonal(Float64Array.from(alpha), Float64Array.from(beta), m, k);
      // residual of Ritz pair i: |b · last component of its tridiagonal eigenvector|
      const done = exhausted || (tri.values.length === k && tri.vectors.every((s) => Math.abs(b * s[m - 1]) <= 64 * EPS * scale));
      if (done) {
        result = tri;
        break;
      }
    }
    beta.push(b);
    const next = new Float64Array(P);
    for (let p = 0; p < P; p++) next[p] = w[p] / b;
    q = next;
  }
  const m = Q.length;
  const vectors = result.vectors.map((s) => {
    const v = new Float64Array(P);
    for (let i = 0; i < m; i++) {
      const c = s[i];
      const qi = Q[i];
      for (let p = 0; p < P; p++) v[p] += c * qi[p];
    }
    return v;
  });
  const values = result.values.slice();
  // fewer than k directions in the data (a rank below k): complete with orthonormal ones of variance 0
  seed = 999;
  while (vectors.length < k) {
    const v = Float64Array.from({ length: P }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5);
    orthogonalise(v, [...Q, ...vectors], P);
    const n = Math.sqrt(dot(v, v, P)) || 1;
    for (let p = 0; p < P; p++) v[p] /= n;
    vectors.push(v);
    values.push(0);
  }
  return { values, vectors };
}

function allFinite(data, n) {
  for (let i = 0; i < n; i++) if (data[i] - data[i] !== 0) return false; // NaN and ±∞ give NaN
  return true;
}

/** acc += data[off .. off + n) */
function addRow(acc, data, off, n) {
  for (let i = 0; i < n; i++) acc[i] += data[off + i];
}

/** Σ (data[off + i] − mean[i]) · v[i] */
function centredDot(data, off, mean, v, n) {
  let s = 0;
  for (let i = 0; i < n; i++) s += (data[off + i] - mean[i]) * v[i];
  return s;
}

/** out[i] = data[off + i] − mean[i]; returns Σ out[i]² */
function centreRow(out, data, off, mean, n) {
  let s = 0;
  for (let i = 0; i < n; i++) {
    const v = data[off + i] - mean[i];
    out[i] = v;
    s += v * v;
  }
  return s;
}

/**
 * data: Float32Array | Float64Array of T·P values (row-major). Returns
 * {coords: [Float64Array(T) × k], ratios: [k], mean}. Non-finite values count as 0.
 */
export function pca(data, T, P, k = 3, maxFit = 1000) {
  k = Math.min(k, P);
  // non-finite values count as 0 (a copy only when there is one)
  if (!allFinite(data, T * P)) data = Float64Array.from(data, (x) => (Number.isFinite(x) ? x : 0));
  const mean = new Float64Array(P);
  for (let t = 0; t < T; t++) addRow(mean, data, t * P, P);
  for (let p = 0; p < P; p++) mean[p] /= T;
  const stride = Math.max(1, Math.ceil(T / maxFit));
  const n = Math.ceil(T / stride);
  const rows = [];
  let total = 0;
  for (let r = 0; r < n; r++) {
    const row = new Float64Array(P);
    total += centreRow(row, data, r * stride * P, mean, P);
    rows.push(row);
  }
  total /= n;
  // A v = Xᵀ X v / n: through the covariance C = Xᵀ X / n when building it (n·P²/2) costs less
  // than X's 2·n·P per Lanczos step over the many steps a flat spectrum can take
  let apply;
  if (P <= 192) {
    const cols = Array.from({ length: P }, () => new Float64Array(n));
    for (let r = 0; r < n; r++) for (let p = 0; p < P; p++) cols[p][r] = rows[r][p];
    const C = Array.from({ length: P }, () => new Float64Array(P));
    for (let p = 0; p < P; p++)
      for (let q = p; q < P; q++) {
        const c = dot(cols[p], cols[q], n) / n;
        C[p][q] = c;
        C[q][p] = c;
      }
    apply = (v, out) => {
      for (let p = 0; p < P; p++) out[p] = dot(C[p], v, P);
    };
  } else {
    apply = (v, out) => {
      out.fill(0);
      for (let r = 0; r < n; r++) subScaled(out, -dot(rows[r], v, P) / n, rows[r], P);
    };
  }
  const { values, vectors: V } = lanczosTop(apply, P, k);
  // a stable sign: the largest loading positive
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (let p = 0; p < P; p++) if (Math.abs(V[j][p]) > Math.abs(big)) big = V[j][p];
    if (big < 0) for (let p = 0; p < P; p++) V[j][p] = -V[j][p];
  }
  const coords = V.map((v) => {
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) out[t] = centredDot(data, t * P, mean, v, P);
    return out;
  });
  const ratios = Array.from(values, (l) => (total > 0 ? Math.max(0, l) / total : 0));
  return { coords, ratios, mean };
}
