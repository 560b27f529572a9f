// Entry point: build the app, bind the controls, start from the URL.

import { createApp } from "./app.js";
import { bindControls } from "./controller.js";
import { translatePage } from "./i18n.js";
import { setupMode } from "./modes.js";
import { bindOpenModel } from "./openmodel.js";
import { state, serialize, parse } from "./state.js";

translatePage(document); // the template's English texts into the page's language
const app = createApp();
bindControls(app);
bindOpenModel(app); // "Open model…" and drag-and-drop of a model file (issue 9)
setupMode(app); // /embed, the standalone file or the full page
// For tests and the browser benchmark: read-only access to the state and the timings.
window.rnnscope = Object.freeze({ app, state, serialize, parse, timings: app.timings });
app.boot().catch((e) => {
  document.documentElement.dataset.state = "error";
  console.error(e);
});
