// A box that does not shrink while one thing is stepped through (issue 11).
//
// The worked step's lines wrap differently from step to step (a number is one character longer,
// a check reads "identical" or "differs by 5.6e-17"), so its panel was 833-922 px tall at
// successive steps of an H=128 LSTM, and every step moved the state space beside it and every
// panel below it: a visible jump, and a relayout, repaint and re-raster of all of them.
//
// steadyHeight(el).keep(key) after each drawing: while `key` stays the same (the run, unit,
// layer… the drawing is of), el's min-height follows its tallest drawing so far, so it can grow
// but never shrink. A new key, or a new width (a resize, a phone turned), starts again from the
// natural height. The growth is read in a ResizeObserver, after layout and before paint, so the
// frame that grows is painted at its final size; the callback sets min-height to the height
// the box already has, which changes no size (no ResizeObserver loop).

export function steadyHeight(el) {
  let key = null;
  let width = null;
  const release = () => {
    el.style.minHeight = "";
  };
  const ro = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].borderBoxSize[0];
    if (width !== null && Math.abs(box.inlineSize - width) > 0.5) {
      width = box.inlineSize;
      requestAnimationFrame(release); // not in here: shrinking el in its own callback is a loop
      return;
    }
    width = box.inlineSize;
    const floor = parseFloat(el.style.minHeight) || 0;
    if (box.blockSize > floor + 0.5) el.style.minHeight = `${box.blockSize}px`;
  });
  ro.observe(el, { box: "border-box" });
  return {
    /** After a drawing of `k`: a different k than the last one drops the floor. */
    keep(k) {
      if (k !== key) {
        key = k;
        release();
      }
    },
  };
}
