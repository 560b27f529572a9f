// Binds DOM events to the app's actions. Nothing else here: no drawing, no fetching.

import { $, $$ } from "./dom.js";

const TYPING = new Set(["INPUT", "TEXTAREA", "SELECT"]);

function isTyping(el) {
  if (!el) return false;
  if (el.isContentEditable) return true;
  if (!TYPING.has(el.tagName)) return false;
  return !(el.tagName === "INPUT" && ["checkbox", "radio", "button", "range"].includes(el.type));
}

export function bindControls(app) {
  const f = app.form.fields;

  // ---- the form
  f.form.addEventListener("submit", (e) => {
    e.preventDefault();
    app.runNow({ fromUser: true });
  });
  f.form.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      app.runNow({ fromUser: true });
    }
  });
  for (const el of [f.cell, f.readout, f.kindNumbers, f.kindText]) el.addEventListener("change", () => app.form.updateVisibility());
  f.wFormat.addEventListener("change", () => app.changeFormat(f.wFormat.value));
  for (const el of [f.grad.on, f.grad.loss]) el.addEventListener("change", () => app.gradientsChanged());
  f.wSeed.addEventListener("input", () => {
    if (f.wFormat.value === "random") f.wJson.value = JSON.stringify({ format: "random", seed: Number(f.wSeed.value) || 0 }, null, 2);
  });
  $("#w-pretty").addEventListener("click", () => {
    const w = app.form.currentWeights();
    if (w) app.form.setWeights(w);
  });
  $("#w-random").addEventListener("click", () => app.randomWeights());
  $("#preset-select").addEventListener("change", (e) => {
    if (e.target.value) app.loadPreset(e.target.value);
  });
  $("#copy-link").addEventListener("click", () => app.copyLink());
  $("#toggle-editor").addEventListener("click", () => app.toggleEditor());

  // ---- the player
  $("#p-play").addEventListener("click", () => app.player.toggle());
  $("#p-back").addEventListener("click", () => app.stepBy(-1));
  $("#p-fwd").addEventListener("click", () => app.stepBy(1));
  $("#p-first").addEventListener("click", () => app.first());
  $("#p-last").addEventListener("click", () => app.last());
  $("#p-slider").addEventListener("input", (e) => app.setStep(+e.target.value));
  $("#p-t").addEventListener("change", (e) => app.setStep(+e.target.value));
  $("#p-speed").addEventListener("change", (e) => app.setSpeed(+e.target.value));

  // ---- selectors
  $("#s-layer").addEventListener("change", (e) => app.setView({ layer: +e.target.value }));
  $("#s-dir").addEventListener("change", (e) => app.setView({ dir: +e.target.value }));
  $("#s-batch").addEventListener("change", (e) => app.setView({ b: +e.target.value }));
  $("#s-unit").addEventListener("change", (e) => app.setView({ unit: Math.max(0, Math.round(+e.target.value || 0)) }));
  $("#heatmap-quantities").addEventListener("change", () => {
    const q = $$("#heatmap-quantities input:checked").map((i) => i.value);
    app.setView({ q });
  });
  $("#lines-quantity").addEventListener("change", (e) => app.setView({ lq: e.target.value }));
  $("#lines-units").addEventListener("change", (e) => app.setView({ units: e.target.value.replace(/[^0-9,\- ]/g, "").slice(0, 200) }));
  for (const r of $$("input[name=traj-dim]")) r.addEventListener("change", (e) => app.setView({ traj: e.target.value }));
  $("#worked-digits").addEventListener("change", (e) => app.setView({ digits: +e.target.value }));

  // ---- exports
  $("#export-json").addEventListener("click", () => app.exportJson());
  $("#export-csv").addEventListener("click", () => app.exportCsv(false));
  $("#export-csv-view").addEventListener("click", () => app.exportCsv(true));
  $("#export-request").addEventListener("click", () => app.exportRequest());
  document.addEventListener("click", (e) => {
    const btn = e.target.closest("[data-png], [data-png-heatmap]");
    if (!btn) return;
    if (btn.dataset.pngHeatmap) app.exportPng("heatmap", btn.dataset.pngHeatmap);
    else app.exportPng(btn.dataset.png);
  });

  // ---- keyboard: Space play/pause, ←/→ step (Shift: 10), Home/End
  document.addEventListener("keydown", (e) => {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
    const target = e.target;
    if (isTyping(target)) return;
    const onSlider = target && target.id === "p-slider";
    const onButton = target && (target.tagName === "BUTTON" || target.tagName === "SUMMARY" || target.tagName === "A");
    switch (e.key) {
      case " ":
      case "Spacebar":
        if (onButton) return; // Space presses the focused button
        e.preventDefault();
        app.player.toggle();
        break;
      case "ArrowRight":
      case "ArrowLeft":
        if (onSlider) return; // the slider steps by itself
        e.preventDefault();
        app.stepBy((e.key === "ArrowRight" ? 1 : -1) * (e.shiftKey ? 10 : 1));
        break;
      case "Home":
        if (onSlider) return;
        e.preventDefault();
        app.first();
        break;
      case "End":
        if (onSlider) return;
        e.preventDefault();
        app.last();
        break;
      default:
    }
  });
}
