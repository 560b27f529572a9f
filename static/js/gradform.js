// The form's gradient controls <-> options.gradients: a checkbox, the loss (sum or MSE) and,
// for MSE, the targets as JSON. Used by form.js; no fetching, no drawing.

import { $ } from "./dom.js";
import { tr } from "./i18n.js";

const MAX_ZERO_TARGETS = 20_000; // numbers of zero targets written into the editor at most

export function gradientFields() {
  return {
    on: $("#g-on"),
    loss: $("#g-loss"),
    lossField: $("#g-loss-field"),
    targets: $("#g-targets"),
    targetsField: $("#g-targets-field"),
  };
}

/** Show options.gradients (true, {loss, targets} or absent) in the fields. */
export function fillGradients(g, value) {
  g.on.checked = !!value;
  const obj = value && typeof value === "object" ? value : {};
  g.loss.value = ["mse", "last", "cross_entropy"].includes(obj.loss) ? obj.loss : "sum";
  const t = obj.targets;
  g.targets.value = t === undefined || t === null ? "" : JSON.stringify(t).length < 20_000 ? JSON.stringify(t).replace(/\],\[/g, "],\n[") : JSON.stringify(t);
  updateGradientVisibility(g);
}

/**
 * options.gradients from the fields, or undefined when off. `base` is what the body came with:
 * kept as it was when it says the same thing, so an unedited preset reads back unchanged.
 */
export function readGradients(g, errors, base) {
  if (!g.on.checked) return undefined;
  if (g.loss.value === "last") return { loss: "last" };
  if (g.loss.value === "cross_entropy") return readClasses(g, errors);
  if (g.loss.value !== "mse") {
    const baseIsSum = base === true || (base && typeof base === "object" && (base.loss ?? "sum") === "sum" && !base.targets);
    return baseIsSum ? base : true;
  }
  const text = g.targets.value.trim();
  const loc = ["body", "options", "gradients", "targets"];
  if (!text) {
    errors.push({ loc, msg: tr("grad.targets-missing") });
    return { loss: "mse" };
  }
  try {
    const targets = JSON.parse(text);
    if (typeof targets !== "object" || targets === null) throw new Error(tr("grad.targets-list"));
    return { loss: "mse", targets };
  } catch (e) {
    errors.push({ loc, msg: e instanceof SyntaxError ? tr("form.bad-json", { msg: e.message }) : e.message });
    return { loss: "mse" };
  }
}

/** cross_entropy: the targets field holds (B, T) class indices as JSON, or "next" (the default). */
function readClasses(g, errors) {
  const text = g.targets.value.trim();
  if (!text || text === "next" || text === '"next"') return { loss: "cross_entropy", targets: "next" };
  try {
    return { loss: "cross_entropy", targets: JSON.parse(text) };
  } catch (e) {
    errors.push({ loc: ["body", "options", "gradients", "targets"], msg: tr("form.bad-json", { msg: e.message }) });
    return { loss: "cross_entropy" };
  }
}

export function updateGradientVisibility(g) {
  g.lossField.hidden = !g.on.checked;
  g.targetsField.hidden = !g.on.checked || (g.loss.value !== "mse" && g.loss.value !== "cross_entropy");
}

/**
 * Before running after a change of the gradient controls: MSE with no targets yet gets zeros of
 * the last run's shape (B, T, O or D·P), which the user can then edit. Returns false when the
 * targets are still missing (a run too large to write zeros for, or no run yet).
 */
export function prepareTargets(g, run) {
  updateGradientVisibility(g);
  if (!g.on.checked || g.loss.value !== "mse" || g.targets.value.trim()) return true;
  if (!run) return false;
  const W = run.O || run.D * run.P;
  if (run.B * run.T * W > MAX_ZERO_TARGETS) return false;
  const row = "[" + new Array(W).fill(0).join(", ") + "]";
  const seq = "[\n  " + new Array(run.T).fill(row).join(",\n  ") + "\n]";
  g.targets.value = "[" + new Array(run.B).fill(seq).join(", ") + "]";
  return true;
}
