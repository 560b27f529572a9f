// The height an iframe needs for the chosen views, about 800 px wide (one column). The script
// snippet (embed.js) sizes itself; a plain iframe cannot, so the Embed dialog suggests this.
// Per-view heights were measured on /embed with the presets (scrollHeight at 800 px).

const CHROME = 110; // the embed's title bar and footer
const VIEW_PX = Object.freeze({
  player: 190,
  worked: 700,
  diagram: 425,
  heatmaps: 700,
  lines: 380,
  trajectory: 405, // + the hover readout line under the plot (i11-statespace)
  outputs: 540,
  gradients: 740,
  table: 420,
  export: 150,
});

/** Pixels for these views (gradients only count when the run has them), rounded up to 20. */
export function suggestedHeight(views, { gradients = false } = {}) {
  let px = CHROME;
  for (const v of views) if (v !== "gradients" || gradients) px += VIEW_PX[v] || 0;
  return Math.min(4000, Math.max(240, Math.ceil(px / 20) * 20));
}
