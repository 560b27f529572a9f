// Views drawn in the order the reader meets them (issue 11). A run's views in the viewport are
// drawn first and the page says "ready" (data-state) when they are painted; the others follow
// as they approach the viewport (an IntersectionObserver with a margin) or when the browser is
// idle, whichever comes first, and the page then says data-drawn="all".

const MARGIN_PX = 400; // a view is drawn once it comes this near the viewport

/** Does el (a panel) show, at least in part, in the viewport? */
export function inViewport(el) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) return false;
  return r.bottom > 0 && r.top < window.innerHeight && r.right > 0 && r.left < window.innerWidth;
}

const requestIdle = window.requestIdleCallback ? (fn) => window.requestIdleCallback(fn, { timeout: 1000 }) : (fn) => setTimeout(fn, 50);
const cancelIdle = window.cancelIdleCallback ? (id) => window.cancelIdleCallback(id) : (id) => clearTimeout(id);

/**
 * createLazyDraw() -> {start(jobs, {settle}), now(jobs), cancel(), release()}. jobs: [{name, el, draw: () => Promise, early}].
 * start() draws the jobs whose element shows in the viewport at once (those not rendered a task after them) and returns
 * {near: Promise (those drawn), all: Promise (every job drawn or cancelled)}; the others wait
 * for their element to come near or for idle time (one job per idle callback), and start only
 * after the first ones are drawn and release() is called (the page is ready).
 */
export function createLazyDraw() {
  let gen = null; // this run's {pending: Map(name -> job), inflight, finish, io, idle}

  function cancel() {
    const g = gen;
    gen = null;
    if (!g) return;
    if (g.io) g.io.disconnect();
    if (g.idle !== null) cancelIdle(g.idle);
    g.pending.clear();
    g.finish();
  }

  function run(g, job) {
    if (g.pending.get(job.name) !== job) return Promise.resolve();
    g.pending.delete(job.name);
    if (g.io) g.io.unobserve(job.el);
    g.inflight++;
    const done = Promise.resolve()
      .then(job.draw)
      .catch((e) => console.error(e));
    done.then(() => {
      g.inflight--;
      if (!g.pending.size && !g.inflight) g.finish();
    });
    return done;
  }

  function idleNext(g) {
    g.idle = null;
    const job = g.pending.values().next().value;
    if (!job || gen !== g) return;
    run(g, job).then(() => {
      if (g.pending.size && g.idle === null && gen === g) g.idle = requestIdle(() => idleNext(g));
    });
  }

  function start(jobs, { settle = null } = {}) {
    cancel();
    const g = { pending: new Map(), inflight: 0, finish: null, io: null, idle: null, release: null };
    gen = g;
    const released = new Promise((resolve) => (g.release = resolve));
    const all = new Promise((resolve) => (g.finish = resolve));
    const near = [];
    const unseen = []; // not shown (no box): nothing to wait for, but not part of the first view either
    for (const job of jobs) {
      g.pending.set(job.name, job);
      if (inViewport(job.el)) near.push(job);
      else if (!job.el.getClientRects().length) unseen.push(job);
    }
    if (!jobs.length) g.finish();
    // settle: a promise after which the page's layout is final (the worked step's weights): a
    // view in view that needs no plot library (job.early) is drawn at once, the others then, if
    // still in view (a panel above may have grown meanwhile and pushed them below the fold)
    const later = settle ? near.filter((job) => !job.early) : [];
    const first = settle ? near.filter((job) => job.early) : near;
    const firstDone = Promise.all(first.map((job) => run(g, job)));
    // (after the early ones too: a view drawn takes its height, which may push the others out)
    const nearDone = Promise.all([firstDone, settle]).then(() => Promise.all(later.filter((job) => gen === g && inViewport(job.el)).map((job) => run(g, job))));
    if (!g.pending.size) return { near: nearDone, all };
    // the rest once the views in view are drawn and the page has said so (a task later: a view
    // not shown must not load plotly.js before "ready", issue 11): as they come near, or one per idle period
    function rest() {
      if (gen !== g || !g.pending.size) return;
      for (const job of unseen) run(g, job);
      if (!g.pending.size) return;
      g.io = new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (!e.isIntersecting) continue;
            const job = [...g.pending.values()].find((j) => j.el === e.target);
            if (job) run(g, job);
          }
        },
        { rootMargin: `${MARGIN_PX}px 0px` },
      );
      for (const job of g.pending.values()) g.io.observe(job.el);
      if (g.idle === null) g.idle = requestIdle(() => idleNext(g));
    }
    nearDone
      .then(() => released)
      .then(() => new Promise((resolve) => setTimeout(resolve, 0)))
      .then(rest);
    return { near: nearDone, all };
  }

  /** Draw these jobs now, in place of any still waiting (a selection changed every view); the
   *  last start()'s `all` resolves once they are drawn. Returns a Promise. */
  function now(jobs) {
    const g = gen;
    if (!g) return Promise.all(jobs.map((job) => Promise.resolve().then(job.draw)));
    if (g.io) g.io.disconnect();
    g.io = null;
    if (g.idle !== null) cancelIdle(g.idle);
    g.idle = null;
    g.pending.clear();
    for (const job of jobs) g.pending.set(job.name, job);
    if (!jobs.length && !g.inflight) g.finish();
    return Promise.all(jobs.map((job) => run(g, job)));
  }

  /** The page has said "ready": the views below the fold may be drawn from now on (start() holds
   *  them until then, so that they do not take the main thread from the first view, issue 11). */
  function release() {
    if (gen && gen.release) gen.release();
  }

  return { start, now, cancel, release };
}
