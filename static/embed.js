/*! rnnscope embed loader (see the README, "Use in your course").
 *
 * <div class="rnnscope" data-preset="book-rnn" data-views="player,heatmaps,worked"></div>
 * <script src="https://RNNSCOPE-HOST/static/embed.js" async></script>
 *
 * Every div.rnnscope becomes an iframe of RNNSCOPE-HOST/embed (the server this script came from),
 * as wide as the div and as tall as its content: the embed posts its height, and only messages
 * whose source is that iframe's window (and whose origin is that server) resize it.
 *
 * data-preset, data-t, data-views, data-hide, data-autoplay, data-lang: the /embed URL keys.
 * data-state: any more of them as a query string ("layer=1&unit=2", or "cfg=z.…" for a network
 * that is not a preset). data-height: the height before the first message (px, default 640).
 * data-title: the iframe's title, for screen readers.
 *
 * The div then dispatches "rnnscope:ready" ({steps}), "rnnscope:step" ({t, steps}) and
 * "rnnscope:resize" ({height}) events (they bubble), and its rnnscope property has setStep(t),
 * play() and pause().
 * Classic script (not a module) so that document.currentScript names the server; no inline
 * style beyond element.style properties, so a strict CSP on the course page is fine. Anything
 * inside the div (a fallback link, say) is replaced by the iframe.
 */
(function () {
  "use strict";
  if (window.rnnscopeEmbed) return window.rnnscopeEmbed.scan();

  var script = document.currentScript;
  if (!script) {
    var all = document.querySelectorAll('script[src*="/static/embed.js"]');
    script = all[all.length - 1];
  }
  var server = new URL(script ? script.src : "/", location.href).origin;
  var KEYS = ["preset", "t", "views", "hide", "autoplay", "lang"];
  var frames = []; // {iframe, box}
  var MIN = 120;
  var MAX = 20000;

  function embedUrl(box) {
    var params = new URLSearchParams(box.getAttribute("data-state") || "");
    KEYS.forEach(function (k) {
      var v = box.getAttribute("data-" + k);
      if (v !== null && v !== "") params.set(k, v);
    });
    // the embed posts to this page only (not to "*") when it knows the page's origin
    if (/^https?:/.test(location.protocol) && location.origin !== "null") params.set("origin", location.origin);
    var q = params.toString();
    return server + "/embed" + (q ? "?" + q : "");
  }

  function send(iframe, msg) {
    if (iframe.contentWindow) iframe.contentWindow.postMessage(msg, server);
  }

  function mount(box) {
    if (box.getAttribute("data-rnnscope-mounted")) return;
    box.setAttribute("data-rnnscope-mounted", "1");
    var height = parseInt(box.getAttribute("data-height") || "640", 10);
    if (!(height >= MIN && height <= MAX)) height = 640;
    var iframe = document.createElement("iframe");
    iframe.src = embedUrl(box);
    iframe.title = box.getAttribute("data-title") || "rnnscope: " + (box.getAttribute("data-preset") || "a recurrent network, step by step");
    iframe.loading = "lazy";
    iframe.setAttribute("allow", "clipboard-write");
    iframe.style.display = "block";
    iframe.style.width = "100%";
    iframe.style.maxWidth = "100%";
    iframe.style.border = "0";
    iframe.style.height = height + "px";
    box.replaceChildren(iframe);
    frames.push({ iframe: iframe, box: box });
    box.rnnscope = {
      iframe: iframe,
      setStep: function (t) {
        send(iframe, { type: "rnnscope:set-step", t: t });
      },
      play: function () {
        send(iframe, { type: "rnnscope:play" });
      },
      pause: function () {
        send(iframe, { type: "rnnscope:pause" });
      },
    };
  }

  function fire(box, type, detail) {
    box.dispatchEvent(new CustomEvent(type, { detail: detail, bubbles: true }));
  }

  function scan(root) {
    var boxes = (root || document).querySelectorAll("div.rnnscope");
    for (var i = 0; i < boxes.length; i++) mount(boxes[i]);
  }

  window.addEventListener("message", function (e) {
    if (e.origin !== server) return;
    var d = e.data;
    if (!d || typeof d !== "object" || typeof d.type !== "string" || d.type.indexOf("rnnscope:") !== 0) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.iframe.contentWindow !== e.source) continue;
      if (d.type === "rnnscope:resize") {
        var h = Math.round(Number(d.height));
        if (!(h >= MIN && h <= MAX)) return;
        f.iframe.style.height = h + "px";
        fire(f.box, "rnnscope:resize", { height: h });
      } else if (d.type === "rnnscope:step" && Number.isInteger(d.t)) {
        fire(f.box, "rnnscope:step", { t: d.t, steps: d.steps });
      } else if (d.type === "rnnscope:ready") {
        fire(f.box, "rnnscope:ready", { steps: d.steps });
      }
      return;
    }
  });

  window.rnnscopeEmbed = { scan: scan, server: server };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { scan(); });
  else scan();
})();
