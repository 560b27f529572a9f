// A small 2-D plot without plotly.js (issue 11): the data on a <canvas> (devicePixelRatio-aware),
// the tick labels, axis titles, colour bar and legend in an SVG over it, a hover box for the
// nearest point, drag a box to zoom, double-click to reset, and a PNG of the whole. It draws
// what Plotly drew for a scatter (same colours, padding, 1-2-5 ticks, .4g hover numbers), so a
// view that uses it needs no plot library: the first view is ready before plotly.js has loaded.

import { h, s } from "./dom.js";

const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
const INK = "#1f2937";
const GRID = "#eef0f3";
const ZERO = "#d6d9de";
const HOVER_PX = 20; // Plotly's hoverdistance
const MINUS = "\u2212";

/** d3's ".4g" (what Plotly's %{x:.4g} shows): 4 significant digits, trailing zeros kept, "-"
 *  (plotly.js's d3-format locale has minus: "-"; its tick labels use "−"). */
export function fmtG(v, p = 4) {
  if (!Number.isFinite(v)) return String(v);
  return v.toPrecision(p);
}

/** Ticks as Plotly picks them: about one per 80 px (x) or 40 px (y), a step of 2, 5 or 10 × 10ⁿ. */
export function niceTicks(lo, hi, px, { vertical = false, integer = false } = {}) {
  const span = hi - lo;
  if (!(span > 0) || !Number.isFinite(span)) return { values: [], dtick: 1 };
  const nt = Math.min(9, Math.max(4, px / (vertical ? 40 : 80))) + 1;
  const rough = span / nt;
  const base = 10 ** Math.floor(Math.log10(rough));
  const f = rough / base;
  let dtick = base * (f <= 2 ? 2 : f <= 5 ? 5 : 10);
  if (integer) dtick = Math.max(1, Math.round(dtick));
  const values = [];
  for (let k = Math.ceil(lo / dtick - 1e-9); k * dtick <= hi + dtick * 1e-9; k++) values.push(k * dtick);
  return { values, dtick };
}

/** A tick label: as many decimals as the tick step needs, "−" for negatives, k/M past 10⁴. */
export function tickLabel(v, dtick) {
  if (Math.abs(v) < dtick * 1e-9) return "0";
  const a = Math.abs(v);
  if (a >= 1e4 && dtick >= 1000) {
    const [d, suffix] = a >= 1e7 && dtick >= 1e6 ? [1e6, "M"] : [1e3, "k"];
    return tickLabel(v / d, dtick / d) + suffix;
  }
  const dec = Math.max(0, -Math.floor(Math.log10(dtick) + 1e-9));
  const out = dec > 8 ? v.toExponential(2) : v.toFixed(dec);
  return out.replace(/^-/, MINUS);
}

/** [min, max] of the finite values of some arrays, or null. */
function extent(arrays) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const a of arrays) {
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : null;
}

/** Plotly's autorange of a padded scatter: 5 % of the axis plus the marker's radius, in pixels. */
function autorange(ext, len, padPx) {
  if (!ext) return [-1, 1];
  let [lo, hi] = ext;
  if (hi === lo) {
    const d = lo === 0 ? 1 : Math.abs(lo) / 2;
    return [lo - d, hi + d];
  }
  const pad = Math.min(len / 3, 0.05 * len + padPx);
  const u = (hi - lo) / Math.max(1, len - 2 * pad);
  return [lo - pad * u, hi + pad * u];
}

let measureCtx = null;
function textWidth(text, size) {
  measureCtx ??= document.createElement("canvas").getContext("2d");
  measureCtx.font = `${size}px ${FONT_FAMILY}`;
  return measureCtx.measureText(text).width;
}

function dashArray(dash, width) {
  const d = Math.max(width, 3);
  return dash === "dash" ? [3 * d, 3 * d] : dash === "dot" ? [d, d] : [];
}

/**
 * createCanvasPlot(gd, opts) -> plot. opts: {height, margin: {l, r, t, b}, onHover(hit|null),
 * onPick(hit), label}. plot.set(spec) takes:
 *   traces: [{name, x, y (Float64Array), line: {color, width, dash}, markers: null | {size,
 *     color | colors (one per point), open}}]; the first trace is drawn first.
 *   xTitle, yTitle, equal (one unit the same length on both axes), colorbar: null |
 *   {scale, min, max, title}, legend: bool (the traces' names, with their line and marker).
 * A hit is {trace, i, x, y}. plot.render() draws (cheap: one pass over the points).
 */
export function createCanvasPlot(gd, { height = 300, margin = { l: 52, r: 10, t: 8, b: 40 }, onHover = null, onPick = null, onLayout = null } = {}) {
  const canvas = h("canvas", { class: "cp-data", "aria-hidden": "true" });
  const svg = s("svg", { class: "cp-axes", "aria-hidden": "true", xmlns: "http://www.w3.org/2000/svg" });
  const drag = h("div", { class: "cp-drag" });
  const tip = h("div", { class: "cp-hover", role: "tooltip", hidden: true });
  const box = h("div", { class: "cp-zoombox", hidden: true });
  gd.classList.add("cp-plot");
  gd.style.height = `${height}px`;
  gd.replaceChildren(canvas, svg, drag, box, tip);

  let spec = null;
  let zoom = null; // {x: [lo, hi], y: [lo, hi]} when the reader zoomed, else autorange
  let geo = null; // the last layout: {W, H, l, t, w, h, xr, yr}
  let px = []; // per trace: Float32Array of pixel x, y (plot-area coordinates)
  let hoverHit = null;

  function layout() {
    const W = gd.clientWidth || 300;
    const H = height;
    const m = { ...margin };
    if (spec.legend) m.t = Math.max(m.t, 26);
    let cbW = 0;
    if (spec.colorbar) {
      const { values, dtick } = niceTicks(spec.colorbar.min, spec.colorbar.max, 0.8 * (H - m.t - m.b), { vertical: true, integer: true });
      const widest = Math.max(textWidth(spec.colorbar.title || "", 10), ...values.map((v) => 4 + 8 + 3 + textWidth(tickLabel(v, dtick), 10)));
      cbW = 10 + widest + 4;
      m.r = margin.r + cbW;
    }
    const w = Math.max(20, W - m.l - m.r);
    const hh = Math.max(20, H - m.t - m.b);
    const markerPad = Math.max(0, ...spec.traces.map((t) => (t.markers ? t.markers.size / 2 : 0)));
    let xr;
    let yr;
    if (zoom) {
      xr = [...zoom.x];
      yr = [...zoom.y];
    } else {
      xr = autorange(extent(spec.traces.map((t) => t.x)), w, markerPad);
      yr = autorange(extent(spec.traces.map((t) => t.y)), hh, markerPad);
    }
    if (spec.equal) [xr, yr] = equalAspect(xr, yr, w, hh);
    geo = { W, H, l: m.l, t: m.t, w, h: hh, xr, yr, cbW, ox: gd.offsetLeft, oy: gd.offsetTop }; // gd's place in its host, read once per render
  }

  function equalAspect(xr, yr, w, hh) {
    const u = Math.max((xr[1] - xr[0]) / w, (yr[1] - yr[0]) / hh);
    const cx = (xr[0] + xr[1]) / 2;
    const cy = (yr[0] + yr[1]) / 2;
    return [
      [cx - (u * w) / 2, cx + (u * w) / 2],
      [cy - (u * hh) / 2, cy + (u * hh) / 2],
    ];
  }

  const toX = (v) => ((v - geo.xr[0]) / (geo.xr[1] - geo.xr[0])) * geo.w;
  const toY = (v) => geo.h - ((v - geo.yr[0]) / (geo.yr[1] - geo.yr[0])) * geo.h;
  const fromX = (p) => geo.xr[0] + (p / geo.w) * (geo.xr[1] - geo.xr[0]);
  const fromY = (p) => geo.yr[0] + ((geo.h - p) / geo.h) * (geo.yr[1] - geo.yr[0]);

  /** Grid, zero lines and the traces, in CSS pixels on ctx (scaled by the caller). */
  function paintData(ctx) {
    const { l, t, w, h: hh } = geo;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(l, t, w, hh);
    ctx.lineWidth = 1;
    const xt = niceTicks(geo.xr[0], geo.xr[1], w);
    const yt = niceTicks(geo.yr[0], geo.yr[1], hh, { vertical: true });
    const gridLine = (x0, y0, x1, y1, color) => {
      ctx.strokeStyle = color;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
    };
    for (const v of xt.values) {
      const x = Math.round(l + toX(v)) + 0.5;
      gridLine(x, t, x, t + hh, Math.abs(v) < xt.dtick * 1e-9 ? ZERO : GRID);
    }
    for (const v of yt.values) {
      const y = Math.round(t + toY(v)) + 0.5;
      gridLine(l, y, l + w, y, Math.abs(v) < yt.dtick * 1e-9 ? ZERO : GRID);
    }
    ctx.beginPath();
    ctx.rect(l, t, w, hh);
    ctx.clip();
    ctx.translate(l, t);
    px = spec.traces.map((tr) => {
      const n = tr.x.length;
      const P = new Float32Array(2 * n);
      for (let i = 0; i < n; i++) {
        P[2 * i] = toX(tr.x[i]);
        P[2 * i + 1] = toY(tr.y[i]);
      }
      return P;
    });
    spec.traces.forEach((tr, k) => {
      const P = px[k];
      const n = tr.x.length;
      if (tr.line) {
        ctx.strokeStyle = tr.line.color;
        ctx.lineWidth = tr.line.width;
        ctx.lineJoin = "round";
        ctx.setLineDash(dashArray(tr.line.dash, tr.line.width));
        ctx.beginPath();
        let pen = false;
        for (let i = 0; i < n; i++) {
          const x = P[2 * i];
          const y = P[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) {
            pen = false; // a gap, as Plotly leaves one (connectgaps: false)
            continue;
          }
          if (pen) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
          pen = true;
        }
        ctx.stroke();
        ctx.setLineDash([]);
      }
      const mk = tr.markers;
      if (mk) {
        const r = mk.size / 2;
        ctx.lineWidth = 1;
        for (let i = 0; i < n; i++) {
          const x = P[2 * i];
          const y = P[2 * i + 1];
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          const c = mk.colors ? mk.colors[i] : mk.color;
          ctx.beginPath();
          ctx.arc(x, y, r, 0, 2 * Math.PI);
          if (mk.open) {
            ctx.strokeStyle = c;
            ctx.stroke();
          } else {
            ctx.fillStyle = c;
            ctx.fill();
          }
        }
      }
    });
    ctx.restore();
    return { xt, yt };
  }

  /** Tick labels, titles, colour bar and legend as SVG (attributes only: the PNG draws it as an image). */
  function buildAxes({ xt, yt }) {
    const { W, H, l, t, w, h: hh } = geo;
    const kids = [];
    const text = (x, y, str, attrs = {}) => s("text", { x, y, fill: INK, "font-family": FONT_FAMILY, "font-size": 11, ...attrs }, str);
    for (const v of xt.values) kids.push(text(l + toX(v), t + hh + 15, tickLabel(v, xt.dtick), { "text-anchor": "middle", class: "cp-xtick" }));
    for (const v of yt.values) kids.push(text(l - 4, t + toY(v) + 4, tickLabel(v, yt.dtick), { "text-anchor": "end", class: "cp-ytick" }));
    if (spec.xTitle) kids.push(text(l + w / 2, t + hh + 33, spec.xTitle, { "text-anchor": "middle", "font-size": 13, class: "cp-xtitle" }));
    if (spec.yTitle) kids.push(text(0, 0, spec.yTitle, { "text-anchor": "middle", "font-size": 13, class: "cp-ytitle", transform: `translate(14 ${t + hh / 2}) rotate(-90)` }));
    const cb = spec.colorbar;
    if (cb) {
      const len = 0.8 * hh;
      const x0 = l + w + 10;
      const y0 = t + (hh - len) / 2;
      const id = `cp-grad-${gd.id || "plot"}`;
      const stops = cb.scale.map(([u, c]) => s("stop", { offset: 1 - u, "stop-color": c }));
      kids.push(s("defs", {}, s("linearGradient", { id, x1: 0, y1: 0, x2: 0, y2: 1 }, stops.reverse())));
      kids.push(s("rect", { x: x0, y: y0, width: 8, height: len, fill: `url(#${id})`, class: "cp-colorbar" }));
      const { values, dtick } = niceTicks(cb.min, cb.max, len, { vertical: true, integer: true });
      const span = cb.max - cb.min || 1;
      for (const v of values) kids.push(text(x0 + 11, y0 + len - ((v - cb.min) / span) * len + 3.5, tickLabel(v, dtick), { "font-size": 10, class: "cp-cbtick" }));
      if (cb.title) kids.push(text(x0, y0 - 6, cb.title, { "font-size": 10, class: "cp-cbtitle" }));
    }
    if (spec.legend) {
      let x = l;
      for (const tr of spec.traces) {
        if (!tr.name) continue;
        const y = t - 13;
        const dash = tr.line ? dashArray(tr.line.dash, tr.line.width).join(" ") : "";
        if (tr.line) kids.push(s("line", { x1: x, y1: y, x2: x + 30, y2: y, stroke: tr.line.color, "stroke-width": tr.line.width, "stroke-dasharray": dash || undefined }));
        if (tr.markers) {
          const c = tr.markers.colors ? tr.markers.colors[Math.floor(tr.markers.colors.length / 2)] : tr.markers.color;
          kids.push(s("circle", { cx: x + 15, cy: y, r: 3.5, fill: tr.markers.open ? "none" : c, stroke: tr.markers.open ? c : "none" }));
        }
        kids.push(text(x + 35, y + 3.5, tr.name, { "font-size": 10, class: "cp-legend" }));
        x += 40 + textWidth(tr.name, 10) + 10;
      }
    }
    svg.setAttribute("width", W);
    svg.setAttribute("height", H);
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.replaceChildren(...kids);
  }

  function render() {
    if (!spec) return;
    layout();
    const dpr = window.devicePixelRatio || 1;
    const { W, H } = geo;
    const cw = Math.round(W * dpr);
    const ch = Math.round(H * dpr);
    if (canvas.width !== cw || canvas.height !== ch) {
      canvas.width = cw;
      canvas.height = ch;
      canvas.style.width = `${W}px`;
      canvas.style.height = `${H}px`;
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, W, H);
    buildAxes(paintData(ctx));
    Object.assign(drag.style, { left: `${geo.l}px`, top: `${geo.t}px`, width: `${geo.w}px`, height: `${geo.h}px` });
    hideHover();
    if (onLayout) onLayout();
  }

  function nearest(mx, my) {
    let best = null;
    let bestD = HOVER_PX * HOVER_PX;
    spec.traces.forEach((tr, k) => {
      if (tr.hover === false) return;
      const P = px[k];
      const n = tr.x.length;
      for (let i = 0; i < n; i++) {
        const dx = P[2 * i] - mx;
        const dy = P[2 * i + 1] - my;
        const d = dx * dx + dy * dy;
        if (d < bestD || (d === bestD && best && k > best.trace)) {
          bestD = d;
          best = { trace: k, i };
        }
      }
    });
    if (!best) return null;
    const tr = spec.traces[best.trace];
    return { ...best, x: tr.x[best.i], y: tr.y[best.i] };
  }

  function showHover(hit) {
    hoverHit = hit;
    if (!hit || !spec.hoverLines) return hideHover();
    tip.replaceChildren(...spec.hoverLines(hit).map((line) => h("div", {}, line)));
    tip.hidden = false;
    const P = px[hit.trace];
    const x = geo.l + P[2 * hit.i];
    const y = geo.t + P[2 * hit.i + 1];
    const tw = tip.offsetWidth;
    const th = tip.offsetHeight;
    const left = x + 10 + tw <= geo.W ? x + 10 : Math.max(0, x - 10 - tw);
    const top = Math.min(Math.max(0, y - th / 2), geo.H - th);
    tip.style.transform = `translate(${left.toFixed(1)}px, ${top.toFixed(1)}px)`;
    if (onHover) onHover(hit);
  }

  function hideHover() {
    const had = hoverHit || !tip.hidden;
    hoverHit = null;
    tip.hidden = true;
    if (had && onHover) onHover(null);
  }

  // ---- pointer: hover, drag a box to zoom, click or tap a point, double-click to reset
  let down = null; // {x, y, id, touch}
  const local = (e) => {
    const r = drag.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  drag.addEventListener("pointermove", (e) => {
    if (!spec || !geo) return;
    const [mx, my] = local(e);
    if (down && !down.touch) {
      const dx = Math.abs(mx - down.x);
      const dy = Math.abs(my - down.y);
      if (dx > 3 || dy > 3) {
        down.moved = true;
        hideHover();
        const zx = dx >= 8;
        const zy = dy >= 8;
        const x0 = zx ? Math.min(mx, down.x) : 0;
        const y0 = zy ? Math.min(my, down.y) : 0;
        Object.assign(box.style, {
          left: `${geo.l + Math.max(0, x0)}px`,
          top: `${geo.t + Math.max(0, y0)}px`,
          width: `${zx ? Math.min(geo.w, Math.max(mx, down.x)) - Math.max(0, x0) : geo.w}px`,
          height: `${zy ? Math.min(geo.h, Math.max(my, down.y)) - Math.max(0, y0) : geo.h}px`,
        });
        box.hidden = false;
      }
      return;
    }
    if (e.pointerType === "touch") return;
    showHover(nearest(mx, my));
  });
  drag.addEventListener("pointerleave", (e) => {
    if (!down && e.pointerType !== "touch") hideHover(); // a finger leaves as it lifts: its tap's box stays
  });
  drag.addEventListener("pointerdown", (e) => {
    if (!spec || e.button !== 0) return;
    const [x, y] = local(e);
    down = { x, y, touch: e.pointerType === "touch", moved: false };
    if (!down.touch) drag.setPointerCapture(e.pointerId);
  });
  drag.addEventListener("pointercancel", () => {
    down = null;
    box.hidden = true;
  });
  drag.addEventListener("pointerup", (e) => {
    if (!down) return;
    const start = down;
    down = null;
    box.hidden = true;
    const [mx, my] = local(e);
    if (start.moved) {
      const zx = Math.abs(mx - start.x) >= 8;
      const zy = Math.abs(my - start.y) >= 8;
      if (!zx && !zy) return;
      const clamp = (v, hi) => Math.min(hi, Math.max(0, v));
      const xs = [fromX(clamp(Math.min(mx, start.x), geo.w)), fromX(clamp(Math.max(mx, start.x), geo.w))];
      const ys = [fromY(clamp(Math.max(my, start.y), geo.h)), fromY(clamp(Math.min(my, start.y), geo.h))];
      setZoom({ x: zx ? xs : [...geo.xr], y: zy ? ys : [...geo.yr] });
      return;
    }
    const hit = nearest(mx, my);
    if (start.touch) showHover(hit); // a tap is the hover of a touch screen
    if (hit && onPick) onPick(hit);
  });
  drag.addEventListener("dblclick", () => setZoom(null));

  function setZoom(z) {
    zoom = z;
    gd.classList.toggle("cp-zoomed", !!z);
    render();
  }

  // the width follows the page (Plotly's responsive: true)
  let lastW = 0;
  const ro = new ResizeObserver(() => {
    const W = gd.clientWidth;
    if (spec && W && W !== lastW && geo && W !== geo.W) render();
    lastW = W;
  });
  ro.observe(gd);

  /** The whole plot as a PNG (scale × its CSS size): the data, then the axes' SVG over it. */
  function toPng(scale = 2) {
    if (!spec || !geo) return Promise.resolve(null);
    const c = document.createElement("canvas");
    c.width = Math.round(geo.W * scale);
    c.height = Math.round(geo.H * scale);
    const ctx = c.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, geo.W, geo.H);
    paintData(ctx);
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    return new Promise((resolve, reject) => {
      img.onload = () => {
        ctx.drawImage(img, 0, 0, geo.W, geo.H);
        c.toBlob(resolve, "image/png");
      };
      img.onerror = () => reject(new Error("PNG"));
      img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml);
    });
  }

  return {
    /** Set what to draw; keep: keep the reader's zoom (the same figure with new numbers). */
    set(next, { keep = false } = {}) {
      spec = next;
      if (!keep) {
        zoom = null;
        gd.classList.remove("cp-zoomed");
      }
      render();
    },
    render,
    setZoom,
    toPng,
    /** A point's place in gd's parent (the overlay dots), or null when outside the plot area. */
    place(x, y) {
      if (!geo) return null;
      const px = toX(x);
      const py = toY(y);
      if (!(px >= -1 && px <= geo.w + 1 && py >= -1 && py <= geo.h + 1)) return null;
      return [geo.ox + geo.l + px, geo.oy + geo.t + py];
    },
    get ranges() {
      return geo ? { x: [...geo.xr], y: [...geo.yr], zoomed: !!zoom } : null;
    },
    get geometry() {
      return geo ? { ...geo } : null;
    },
    /** Client coordinates of a trace's point (tests and the keyboard use it). */
    clientPoint(trace, i) {
      const r = drag.getBoundingClientRect();
      return [r.left + px[trace][2 * i], r.top + px[trace][2 * i + 1]];
    },
    destroy() {
      ro.disconnect();
      gd.classList.remove("cp-plot", "cp-zoomed");
      gd.style.height = "";
      gd.replaceChildren();
    },
  };
}
