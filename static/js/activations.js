// Element-wise activations of model v2 (docs/design/model-v2.md "Activations"): a name or
// {name, alpha, beta}, ONNX's parameter meanings and defaults, for the worked step's arithmetic.

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

const name = (spec) => (spec && typeof spec === "object" ? spec.name : spec) || "identity";
const param = (spec, key, dflt) => (spec && typeof spec === "object" && typeof spec[key] === "number" ? spec[key] : dflt);

/** The function x -> f(x) of an activation spec. */
export function actFn(spec) {
  const a = (d) => param(spec, "alpha", d);
  const b = (d) => param(spec, "beta", d);
  switch (name(spec)) {
    case "sigmoid":
      return (x) => 1 / (1 + Math.exp(-x));
    case "tanh":
      return Math.tanh;
    case "relu":
      return (x) => Math.max(0, x);
    case "linear":
    case "identity":
      return (x) => x;
    case "affine": {
      const [al, be] = [a(1), b(0)];
      return (x) => al * x + be;
    }
    case "hard_sigmoid": {
      // a reader writes Keras 3's α = 1/6 out; without parameters this is the page's old meaning (Keras 3)
      const [al, be] = spec && typeof spec === "object" ? [a(0.2), b(0.5)] : [1 / 6, 0.5];
      return (x) => Math.max(0, Math.min(1, al * x + be));
    }
    case "hard_sigmoid_keras2":
      return (x) => Math.min(1, Math.max(0, 0.2 * x + 0.5));
    case "softsign":
      return (x) => x / (1 + Math.abs(x));
    case "softplus":
      return (x) => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    case "elu": {
      const al = a(1);
      return (x) => (x >= 0 ? x : al * Math.expm1(x));
    }
    case "selu": {
      const [al, ga] = [a(SELU_ALPHA), param(spec, "gamma", SELU_GAMMA)];
      return (x) => ga * (x > 0 ? x : al * Math.expm1(x));
    }
    case "leaky_relu": {
      const al = a(0.01);
      return (x) => (x >= 0 ? x : al * x);
    }
    case "thresholded_relu": {
      const al = a(1);
      return (x) => (x > al ? x : 0);
    }
    case "scaled_tanh": {
      const [al, be] = [a(1), b(1)];
      return (x) => al * Math.tanh(be * x);
    }
    case "exponential":
      return Math.exp;
    default:
      return null;
  }
}

export const ACT_SYMBOL = Object.freeze({
  sigmoid: "σ",
  hard_sigmoid: "hσ",
  hard_sigmoid_keras2: "hσ₂",
  tanh: "tanh",
  relu: "relu",
  identity: "",
  linear: "",
});

/** How the worked step writes it: "σ", "tanh", "leaky_relu₀.₂"… ("" for the identity). */
export function actSymbol(spec) {
  const n = name(spec);
  return ACT_SYMBOL[n] ?? n;
}

export function actName(spec) {
  return name(spec);
}
