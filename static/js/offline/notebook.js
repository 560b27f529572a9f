// The notebook page's setup, inlined by app/standalone.py as a classic script before the loader
// (rnnscope.show: the standalone page in an iframe srcdoc in a notebook's output).
//
// plotly.js travels gzipped and base64-encoded in a <script type="application/x-gzip-base64"
// id="rnnscope-plotly-js"> that is never run as such: in this page itself (plotly="inline"), or
// once per notebook, beside the first rnnscope output, in the notebook's document (a srcdoc
// iframe has its parent's origin, so it can read it). The page unpacks it (DecompressionStream),
// runs it in its own window, and keeps the text on the parent (window.rnnscopePlotlySource) for
// the next pages; the loader starts the app once that is done (window.rnnscopeBefore). Where
// neither is reachable (a cross-origin, sandboxed output frame) the page says how to carry it.
// Height: the iframe follows the page's height when its frameElement is reachable.
(function () {
  "use strict";
  var ID = "rnnscope-plotly-js";
  var KEY = "rnnscopePlotlySource";

  function parentWindow() {
    try {
      var p = window.parent;
      return p && p !== window && p.document ? p : null; // reading .document throws cross-origin
    } catch (e) {
      return null;
    }
  }

  function gunzip(b64) {
    var bin = atob(b64.replace(/\s+/g, ""));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function missing() {
    document.documentElement.dataset.plotly = "missing";
    var show = function () {
      var note = document.getElementById("rnnscope-plotly-missing");
      if (note) note.hidden = false;
    };
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", show);
    else show();
  }

  function load() {
    if (window.Plotly) return Promise.resolve();
    var p = parentWindow();
    var own = document.getElementById(ID);
    var text = !own && p && typeof p[KEY] === "string" ? p[KEY] : null;
    var carrier = own || (!text && p ? p.document.getElementById(ID) : null);
    var got = text ? Promise.resolve(text) : carrier ? gunzip(carrier.textContent) : Promise.resolve(null);
    return got.then(function (js) {
      if (js) {
        var s = document.createElement("script");
        s.textContent = js;
        document.head.appendChild(s); // an inline script runs as it is inserted
        if (p && !own) p[KEY] = js;
      }
      if (!window.Plotly) missing();
    });
  }

  window.rnnscopeBefore = load().catch(function (e) {
    console.error(e);
    missing();
  });

  var frame = null;
  try {
    frame = window.frameElement;
  } catch (e) {
    frame = null;
  }
  if (frame && typeof ResizeObserver === "function") {
    var last = 0;
    var fit = function () {
      var height = Math.ceil(document.documentElement.scrollHeight);
      if (Math.abs(height - last) > 2) {
        last = height;
        frame.style.height = height + "px";
      }
    };
    document.addEventListener("DOMContentLoaded", function () {
      new ResizeObserver(fit).observe(document.body);
      fit();
    });
  }
})();
