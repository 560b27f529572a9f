// With random weights and text inputs, the network's input size is the vocabulary's size, and
// a readout as wide as the old vocabulary (a next-character prediction) follows it too. So a
// preset like gru-hello keeps working when its text or vocabulary changes: "hello world"
// with the vocabulary cleared gives 8 one-hot features, and an 8-way readout.

/** The one-hot width of a text input: the vocabulary's distinct characters, else the text's. */
export function vocabularySize(text, vocabulary, multi) {
  if (vocabulary) return new Set(vocabulary).size;
  const lines = multi ? text.split(/\r?\n/) : [text];
  return new Set(lines.join("")).size;
}

export function bindVocabularySizes(app) {
  const f = app.form.fields;
  function follow() {
    if (f.wFormat.value !== "random" || !f.kindText.checked || !f.inText.value) return;
    const V = vocabularySize(f.inText.value, f.inVocab.value, f.inMulti.checked);
    const before = Number(f.input.value);
    if (!V || V === before) return;
    if (before && Number(f.readout.value) === before) f.readout.value = String(V);
    f.input.value = String(V);
    app.form.updateVisibility();
  }
  for (const el of [f.inText, f.inVocab, f.inMulti, f.kindText, f.wFormat]) {
    el.addEventListener("input", follow);
    el.addEventListener("change", follow);
  }
  return { follow };
}
