// /embed: the visualizer inside a course page's iframe. Minimal chrome (a slim bar with the
// network's title, an Edit toggle and a link to the full page) and the postMessage API.
//
// To window.parent, with targetOrigin the `origin=` URL key if given, else "*" (nothing here is
// secret):
//   {type: "rnnscope:ready", steps}      a run is drawn (steps = its number of time steps)
//   {type: "rnnscope:resize", height}    the page's height in CSS px, whenever it changes
//   {type: "rnnscope:step", t, steps}    the current step, whenever it changes
// From the parent, obeyed only when event.source is window.parent (and, with `origin=`, when
// event.origin is that origin); anything else, or a malformed message, is ignored:
//   {type: "rnnscope:set-step", t}       t a whole number ≥ 0 (clamped to the run)
//   {type: "rnnscope:play"}  {type: "rnnscope:pause"}

import { h, s } from "./dom.js";
import { EV, on } from "./events.js";
import { tr } from "./i18n.js";
import { hiddenParts, parse, serialize, state } from "./state.js";

export const MSG = Object.freeze({
  READY: "rnnscope:ready",
  RESIZE: "rnnscope:resize",
  STEP: "rnnscope:step",
  SET_STEP: "rnnscope:set-step",
  PLAY: "rnnscope:play",
  PAUSE: "rnnscope:pause",
});

const MAX_STEP = 1e7;

/** A message from the parent as a command {type, t?}, or null when it is not a valid one. Pure. */
export function readCommand(data) {
  if (!data || typeof data !== "object" || Array.isArray(data)) return null;
  switch (data.type) {
    case MSG.PLAY:
    case MSG.PAUSE:
      return { type: data.type };
    case MSG.SET_STEP:
      return Number.isInteger(data.t) && data.t >= 0 && data.t <= MAX_STEP ? { type: MSG.SET_STEP, t: data.t } : null;
    default:
      return null;
  }
}

/** The full page's address for the embed's current view (without the embed-only keys). */
export function fullPageUrl(st) {
  const q = serialize({ ...st, views: null, autoplay: 0, origin: null, hide: [] });
  return "/" + (q ? "?" + q : "");
}

/** The header's logo, small. */
export function logo() {
  return s("svg", { class: "logo", viewBox: "0 0 32 32", "aria-hidden": "true" }, s("rect", { width: 32, height: 32, rx: 7 }), s("path", { d: "M6 22 C10 8, 14 8, 16 16 S22 24, 26 10" }), s("circle", { cx: 16, cy: 16, r: 3 }));
}

export function bindFrame(app, { parent = window.parent, search = location.search } = {}) {
  const url = parse(search);
  const origin = url.origin || null;
  const framed = !!parent && parent !== window;
  const post = (msg) => {
    if (framed) parent.postMessage(msg, origin || "*");
  };
  const root = document.documentElement;
  const hidden = hiddenParts(url, true);

  // ---- chrome: a slim bar; the editor starts folded away
  if (!hidden.has("editor")) root.classList.add("editor-collapsed");
  const title = h("span", { class: "embed-title" });
  const open = h(
    "a",
    { class: "embed-open", href: fullPageUrl(url), target: "_blank", rel: "noopener", title: tr("embed.open-title"), "aria-label": tr("embed.open") },
    h("span", { class: "embed-open-text" }, tr("embed.open")),
    h("span", { "aria-hidden": "true" }, " ↗"),
  );
  const edit = hidden.has("editor")
    ? null
    : h("button", { type: "button", class: "btn btn-small embed-edit", "aria-controls": "editor", "aria-expanded": "false" }, tr("embed.edit"));
  const bar = h("div", { class: "embed-bar" }, h("span", { class: "embed-brand" }, logo(), "rnnscope"), title, edit, open);
  document.body.prepend(bar);
  if (edit) {
    edit.addEventListener("click", () => {
      app.toggleEditor();
      const openNow = !root.classList.contains("editor-collapsed");
      edit.setAttribute("aria-expanded", String(openNow));
      edit.textContent = openNow ? tr("editor.hide") : tr("embed.edit");
    });
  }
  // the preset's description: two lines, the rest on a click
  const desc = document.getElementById("preset-description");
  if (desc) {
    desc.tabIndex = 0;
    desc.setAttribute("role", "button");
    desc.setAttribute("aria-expanded", "false");
    const toggle = () => desc.setAttribute("aria-expanded", String(desc.classList.toggle("expanded")));
    desc.addEventListener("click", toggle);
    desc.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        toggle();
      }
    });
  }
  const refreshLinks = () => {
    open.href = fullPageUrl(state);
  };

  // ---- height
  let lastHeight = -1;
  let queued = false;
  const sendHeight = () => {
    queued = false;
    const height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: MSG.RESIZE, height });
    }
  };
  const soon = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(sendHeight);
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(soon).observe(root);
  window.addEventListener("load", soon);
  soon();

  // ---- steps and runs
  let lastT = -1;
  let lastRun = null;
  let pendingStep = null;
  let autoplay = url.autoplay === 1 && !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  on(EV.STEP_CHANGED, ({ t }) => {
    const run = app.run;
    if (t === lastT && run === lastRun) return;
    lastT = t;
    lastRun = run;
    post({ type: MSG.STEP, t, steps: run ? run.T : 0 });
    refreshLinks();
  });
  on(EV.RUN_LOADED, ({ run }) => {
    const sel = document.getElementById("preset-select");
    const opt = sel && sel.selectedOptions[0];
    title.textContent = opt && opt.value ? opt.textContent : tr("title.custom");
    post({ type: MSG.READY, steps: run.T });
    if (pendingStep !== null) {
      app.setStep(pendingStep);
      pendingStep = null;
    }
    if (autoplay) {
      autoplay = false;
      app.player.play();
    }
    refreshLinks();
    soon();
  });

  // ---- commands from the parent
  window.addEventListener("message", (e) => {
    if (!framed || e.source !== parent) return;
    if (origin && e.origin !== origin) return;
    const cmd = readCommand(e.data);
    if (!cmd) return;
    if (cmd.type === MSG.SET_STEP) {
      if (app.run) {
        app.player.pause();
        app.setStep(cmd.t);
      } else pendingStep = cmd.t;
    } else if (cmd.type === MSG.PLAY) {
      if (app.run) app.player.play();
      else autoplay = true;
    } else if (cmd.type === MSG.PAUSE) {
      autoplay = false;
      app.player.pause();
    }
  });

  return { post, readCommand };
}
