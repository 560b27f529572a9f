// The notebook page's setup, inlined by app/notebook/display.py as a classic script before the
// loader (rnnscope.show: the standalone page in an iframe srcdoc in a notebook's output).
//
// plotly.js: a page that does not carry it reads its text from the notebook's first rnnscope
// output (a <script type="text/plain" id="rnnscope-plotly-js"> in the parent document, reachable
// because a srcdoc iframe has its parent's origin) and runs it in its own window; the text is
// kept on the parent (window.rnnscopePlotlySource) for the next pages. Where the parent cannot
// be read (a cross-origin, sandboxed output frame) the page says how to carry it inline.
// Height: the iframe follows the page's height when its frameElement is reachable.
(function () {
  "use strict";
  var ID = "rnnscope-plotly-js";
  var KEY = "rnnscopePlotlySource";
  if (!window.Plotly) {
    var text = null;
    try {
      var p = window.parent;
      if (p && p !== window) {
        text = typeof p[KEY] === "string" ? p[KEY] : null;
        var el = text ? null : p.document.getElementById(ID);
        if (el) {
          text = el.textContent;
          p[KEY] = text;
        }
      }
    } catch (e) {
      text = null; // a cross-origin parent
    }
    if (text) {
      var s = document.createElement("script");
      s.textContent = text;
      document.head.appendChild(s);
    }
    if (!window.Plotly) {
      document.documentElement.dataset.plotly = "missing";
      document.addEventListener("DOMContentLoaded", function () {
        var note = document.getElementById("rnnscope-plotly-missing");
        if (note) note.hidden = false;
      });
    }
  }
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
