// Entry point: build the app, bind the controls, start from the URL.

import { createApp } from "./app.js";
import { bindControls } from "./controller.js";
import { translatePage } from "./i18n.js";
import { setupCompare } from "./compare.js";
import { setupLessons } from "./lesson.js";
import { bindLightRun } from "./lightrun.js";
import { setupMode } from "./modes.js";
import { bindOpenModel } from "./openmodel.js";
import { bindStale } from "./stale.js";
import { bindEdit } from "./edit.js";
import { bindExactTitles } from "./editable.js";
import { setupPhone } from "./touch.js";
import { bindVocabularySizes } from "./vocabsizes.js";
import { state, serialize, parse } from "./state.js";

translatePage(document); // the template's English texts into the page's language
const app = createApp();
bindControls(app);
bindOpenModel(app); // "Open model…" and drag-and-drop of a model file (issue 9)
setupMode(app); // /embed, the standalone file or the full page
bindVocabularySizes(app); // random weights: the input and readout sizes follow the vocabulary
const stale = bindStale(app); // "changed, not yet run"
app.edit = bindEdit(app, stale); // issue 13: edit a number where it is shown; undo, redo, reset
bindExactTitles(document); // a number's exact value as its tooltip, written on hover and focus
setupPhone(app); // the editor folded on a phone, swipe to step
const compare = setupCompare(app); // "Pin as A", compare=: two runs side by side (issue 13)
bindLightRun(); // what the auto options left out of a big run, and how to ask for it (issue 11)
// For tests and the browser benchmark: read-only access to the state and the timings.
window.rnnscope = Object.freeze({ app, state, serialize, parse, timings: app.timings, compare });
const lessons = setupLessons(app); // ?lesson=…: its first network instead of the default preset
app.boot(lessons.start).then(lessons.ready).catch((e) => {
  document.documentElement.dataset.state = "error";
  console.error(e);
});
