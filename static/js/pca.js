// Principal components of a (T, P) state trajectory by subspace iteration, with the
// explained variance of each. Fitting uses at most 1,000 evenly spaced steps; below 480 units it
// iterates on the covariance matrix (one pass over the steps) rather than on the steps themselves.

function orthonormalise(V, P, k) {
  for (let j = 0; j < k; j++) {
    const vj = V[j];
    for (let i = 0; i < j; i++) {
      const vi = V[i];
      let dot = 0;
      for (let p = 0; p < P; p++) dot += vj[p] * vi[p];
      for (let p = 0; p < P; p++) vj[p] -= dot * vi[p];
    }
    let n = 0;
    for (let p = 0; p < P; p++) n += vj[p] * vj[p];
    n = Math.sqrt(n) || 1;
    for (let p = 0; p < P; p++) vj[p] /= n;
  }
}

/**
 * data: Float32Array | Float64Array of T·P values (row-major). Returns
 * {coords: [Float64Array(T) × k], ratios: [k], mean}. Non-finite values count as 0.
 */
export function pca(data, T, P, k = 3, maxFit = 1000) {
  k = Math.min(k, P);
  const mean = new Float64Array(P);
  const val = (i) => (Number.isFinite(data[i]) ? data[i] : 0);
  for (let t = 0; t < T; t++) for (let p = 0; p < P; p++) mean[p] += val(t * P + p);
  for (let p = 0; p < P; p++) mean[p] /= T;
  const stride = Math.max(1, Math.ceil(T / maxFit));
  const rows = [];
  for (let t = 0; t < T; t += stride) rows.push(t);
  const n = rows.length;
  const X = new Float64Array(n * P);
  let total = 0;
  rows.forEach((t, r) => {
    for (let p = 0; p < P; p++) {
      const v = val(t * P + p) - mean[p];
      X[r * P + p] = v;
      total += v * v;
    }
  });
  total /= n;
  // deterministic start
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) - 0.5;
  const V = Array.from({ length: k }, () => Float64Array.from({ length: P }, rnd));
  orthonormalise(V, P, k);
  const XV = new Float64Array(n);
  const lambdas = new Float64Array(k);
  // w = Xᵀ X v / n: through the covariance C = Xᵀ X / n (one pass over X) when P is small enough
  // that n·P²/2 multiply-adds cost less than X's 2·n·P per vector and iteration
  const useCov = P < 480;
  let C = null;
  if (useCov) {
    C = new Float64Array(P * P);
    for (let r = 0; r < n; r++) {
      const off = r * P;
      for (let p = 0; p < P; p++) {
        const a = X[off + p];
        if (a === 0) continue;
        const row = p * P;
        for (let q = p; q < P; q++) C[row + q] += a * X[off + q];
      }
    }
    for (let p = 0; p < P; p++)
      for (let q = p; q < P; q++) {
        C[p * P + q] /= n;
        C[q * P + p] = C[p * P + q];
      }
  }
  for (let iter = 0; iter < 40; iter++) {
    let change = 0;
    for (let j = 0; j < k; j++) {
      const vj = V[j];
      const w = new Float64Array(P);
      if (useCov) {
        for (let p = 0; p < P; p++) {
          let s = 0;
          const row = p * P;
          for (let q = 0; q < P; q++) s += C[row + q] * vj[q];
          w[p] = s;
        }
      } else {
        // XV = X v_j ; w = X^T XV / n
        for (let r = 0; r < n; r++) {
          let s = 0;
          const off = r * P;
          for (let p = 0; p < P; p++) s += X[off + p] * vj[p];
          XV[r] = s;
        }
        for (let r = 0; r < n; r++) {
          const a = XV[r];
          if (a === 0) continue;
          const off = r * P;
          for (let p = 0; p < P; p++) w[p] += a * X[off + p];
        }
        for (let p = 0; p < P; p++) w[p] /= n;
      }
      let dot = 0;
      for (let p = 0; p < P; p++) dot += w[p] * vj[p];
      lambdas[j] = dot;
      let diff = 0;
      V[j] = w;
      let nn = 0;
      for (let p = 0; p < P; p++) nn += w[p] * w[p];
      nn = Math.sqrt(nn) || 1;
      for (let p = 0; p < P; p++) diff += Math.abs(w[p] / nn - vj[p]);
      change = Math.max(change, diff);
    }
    orthonormalise(V, P, k);
    if (change < 1e-7 * P) break;
  }
  // a stable sign: the largest loading positive
  for (let j = 0; j < k; j++) {
    let big = 0;
    for (let p = 0; p < P; p++) if (Math.abs(V[j][p]) > Math.abs(big)) big = V[j][p];
    if (big < 0) for (let p = 0; p < P; p++) V[j][p] = -V[j][p];
  }
  const coords = V.map((v) => {
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) {
      let s = 0;
      const off = t * P;
      for (let p = 0; p < P; p++) {
        const x = data[off + p];
        s += ((Number.isFinite(x) ? x : 0) - mean[p]) * v[p];
      }
      out[t] = s;
    }
    return out;
  });
  const ratios = Array.from(lambdas, (l) => (total > 0 ? Math.max(0, l) / total : 0));
  return { coords, ratios, mean };
}
