// The page on a phone (up to 700 px wide, or a coarse pointer): the editor starts folded away
// so the player and the current views come first, the view selectors leave the sticky player
// (which keeps only the transport, the slider and the input strip), and a horizontal swipe on
// the player or on the worked step and the cell diagram steps back or forward.

import { $ } from "./dom.js";

const PHONE = "(max-width: 700px)";
const SWIPE_PX = 40; // horizontal travel that counts as a swipe
const SWIPE_RATIO = 1.5; // and it must be this much more horizontal than vertical

export function isPhone() {
  return window.matchMedia(PHONE).matches;
}

/** A horizontal swipe on `el` calls onSwipe(+1) (to the left: next step) or onSwipe(-1). */
export function bindSwipe(el, onSwipe) {
  let start = null;
  el.addEventListener(
    "touchstart",
    (e) => {
      const target = e.target;
      // the slider, text fields and plots keep their own gestures
      if (e.touches.length !== 1 || target.closest("input, select, textarea, .js-plotly-plot")) {
        start = null;
        return;
      }
      start = { x: e.touches[0].clientX, y: e.touches[0].clientY };
    },
    { passive: true },
  );
  el.addEventListener(
    "touchend",
    (e) => {
      if (!start) return;
      const p = e.changedTouches[0];
      const dx = p.clientX - start.x;
      const dy = p.clientY - start.y;
      start = null;
      if (Math.abs(dx) >= SWIPE_PX && Math.abs(dx) >= SWIPE_RATIO * Math.abs(dy)) onSwipe(dx < 0 ? 1 : -1);
    },
    { passive: true },
  );
}

export function setupPhone(app) {
  for (const id of ["#player", "#panel-worked", "#panel-diagram"]) {
    const el = $(id);
    if (el) bindSwipe(el, (n) => app.stepBy(n));
  }
  const selectors = $(".selectors");
  const player = $("#player");
  const home = { parent: selectors.parentElement, next: selectors.nextSibling };
  const place = () => {
    const phone = isPhone() && !player.hidden;
    document.documentElement.classList.toggle("phone", phone);
    if (phone && selectors.parentElement === player) player.after(selectors);
    else if (!phone && selectors.parentElement !== player) home.parent.insertBefore(selectors, home.next);
  };
  place();
  window.matchMedia(PHONE).addEventListener("change", place);
  // the preset's description shows three lines on a phone; a tap shows all of it (screen
  // readers read it whole either way)
  const desc = $("#preset-description");
  if (desc) desc.addEventListener("click", () => desc.classList.toggle("open"));
  // the editor starts folded on a phone (its button unfolds it), unless the URL hid it anyway
  const root = document.documentElement;
  if (isPhone() && !root.classList.contains("no-editor") && !root.classList.contains("editor-collapsed")) app.toggleEditor();
}
