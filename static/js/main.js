// Entry point: build the app, bind the controls, start from the URL.

import { createApp } from "./app.js";
import { bindControls } from "./controller.js";
import { state, serialize, parse } from "./state.js";

const app = createApp();
bindControls(app);
// For tests and the browser benchmark: read-only access to the state and the timings.
window.rnnscope = Object.freeze({ app, state, serialize, parse, timings: app.timings });
app.boot().catch((e) => {
  document.documentElement.dataset.state = "error";
  console.error(e);
});
