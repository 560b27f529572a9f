// Named events and the one bus they travel on. Renderers listen; the controller emits.

export const EV = Object.freeze({
  RUN_STARTED: "run:started", // {body}
  RUN_LOADED: "run:loaded", // {run}
  RUN_FAILED: "run:failed", // {error}
  STEP_CHANGED: "step:changed", // {t}
  VIEW_CHANGED: "view:changed", // {keys: [...]} which selectors changed
  PLAY_STATE: "player:state", // {playing}
  CONFIG_EDITED: "config:edited", // the form changed
  WEIGHTS_READY: "weights:ready", // {canonical} weights in the canonical layout arrived
  RUN_LIVE: "run:live", // {run} a run drawn while a number is being edited (issue 13)
});

const bus = new EventTarget();

export function emit(type, detail = {}) {
  bus.dispatchEvent(new CustomEvent(type, { detail }));
}

export function on(type, fn) {
  const listener = (e) => fn(e.detail);
  bus.addEventListener(type, listener);
  return () => bus.removeEventListener(type, listener);
}
