// The API's errors in the reader's language. The API answers in English with a machine-readable
// `type` and `ctx` per error (FastAPI's shape); this maps them to the page's strings, and
// names a server limit by what it limits ("at most 1,024 units on this server"), never by
// the environment variable that sets it. In English the API's own words are kept (limits
// aside); in another language an error it does not know keeps them after a sentence in it.

import { lang, tr } from "./i18n.js";

const n = (v) => (typeof v === "number" ? v.toLocaleString(lang === "zh" ? "zh-CN" : "en") : String(v));

/** The limit settings the API names in ctx.limit, and the words for each. */
const LIMITS = {
  RNNSCOPE_MAX_HIDDEN_SIZE: "limit.hidden",
  RNNSCOPE_MAX_INPUT_SIZE: "limit.input",
  RNNSCOPE_MAX_LAYERS: "limit.layers",
  RNNSCOPE_MAX_STEPS: "limit.steps",
  RNNSCOPE_MAX_BATCH: "limit.batch",
  RNNSCOPE_MAX_TRACE_VALUES: "limit.trace",
  RNNSCOPE_MAX_WORK: "limit.work",
  RNNSCOPE_MAX_BODY_BYTES: "limit.body",
  RNNSCOPE_MAX_SECONDS: "limit.seconds",
  RNNSCOPE_QUEUE_SECONDS: "limit.queue",
};

/** Pydantic's and the engine's error types that carry what the message says in ctx. */
const BY_TYPE = {
  shape_error: (c) => c.expected !== undefined && tr("apierr.shape", { expected: n(c.expected), received: n(c.received) }),
  missing: () => tr("apierr.missing"),
  too_short: () => tr("apierr.too-short"),
  greater_than_equal: (c) => c.ge !== undefined && tr("apierr.ge", { v: n(c.ge) }),
  greater_than: (c) => c.gt !== undefined && tr("apierr.gt", { v: n(c.gt) }),
  less_than_equal: (c) => c.le !== undefined && tr("apierr.le", { v: n(c.le) }),
  less_than: (c) => c.lt !== undefined && tr("apierr.lt", { v: n(c.lt) }),
  int_parsing: () => tr("apierr.int"),
  int_type: () => tr("apierr.int"),
  int_from_float: () => tr("apierr.int"),
  float_parsing: () => tr("apierr.number"),
  float_type: () => tr("apierr.number"),
  bool_parsing: () => tr("apierr.bool"),
  bool_type: () => tr("apierr.bool"),
  string_type: () => tr("apierr.string"),
  list_type: () => tr("apierr.list"),
  dict_type: () => tr("apierr.object"),
  model_type: () => tr("apierr.object"),
  literal_error: (c) => c.expected !== undefined && tr("apierr.literal", { expected: c.expected }),
  enum: (c) => c.expected !== undefined && tr("apierr.literal", { expected: c.expected }),
  extra_forbidden: () => tr("apierr.extra"),
  string_too_long: (c) => tr("apierr.too-long", { v: n(c.max_length) }),
  too_long: (c) => c.max_length !== undefined && tr("apierr.too-long-list", { v: n(c.max_length) }),
  json_invalid: () => tr("apierr.json"),
  network: () => tr("apierr.network"),
  pickle_refused: () => tr("apierr.pickle"),
};

/** One API error {loc, msg, type, ctx} as a sentence in the page's language. */
export function explainError(d) {
  const c = d.ctx || {};
  if ((d.type === "limit_exceeded" || d.type === "service_unavailable") && LIMITS[c.limit]) {
    const words = tr(LIMITS[c.limit], { limit: n(c.value) });
    return c.received !== undefined ? tr("apierr.limit-asked", { words, received: n(c.received) }) : tr("apierr.limit", { words });
  }
  if (lang === "en") return d.msg; // the API's own words are English, and name the field exactly
  if (d.type === "value_error" && typeof c.missing === "string") return tr("apierr.vocabulary", { missing: [...c.missing].map((ch) => `‘${ch}’`).join(" ") });
  if (/^http_5\d\d$/.test(d.type)) return tr("apierr.server");
  const known = BY_TYPE[d.type] && BY_TYPE[d.type](c);
  if (known) return known;
  return tr("apierr.other", { msg: d.msg });
}
