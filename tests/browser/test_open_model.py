"""Opening your own model on the page (issue 9): the "Open model…" picker and drag-and-drop
anywhere, the summary card, token ids / text / CSV inputs, and the worked step's x_t = E[id]
and head arithmetic, checked against what the API answers for the same body.

The model files are the committed fixtures of scripts/make_model_files.py (tests/fixtures/models).
"""

from __future__ import annotations

import base64
import json
import re
import urllib.request
from pathlib import Path

import pytest

from .conftest import open_page, wait_js, wait_ready
from .test_embedding import assert_chinese

pytestmark = pytest.mark.browser

MODELS = Path(__file__).resolve().parents[1] / "fixtures" / "models"
EXPECTED = json.loads((MODELS / "expected.json").read_text())
ACCEPT = [
    ".pt",
    ".pth",
    ".bin",
    ".keras",
    ".h5",
    ".onnx",
    ".data",
    ".safetensors",
    ".npz",
    ".json",
    ".txt",
    ".csv",
]

DROP = """async ({files, target}) => {
  const dt = new DataTransfer();
  for (const f of files) {
    const bin = atob(f.b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    dt.items.add(new File([bytes], f.name));
  }
  const el = document.querySelector(target);
  const fire = (type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: dt}));
  fire("dragenter");
  fire("dragover");
  const overlay = document.getElementById("drop-overlay");
  const shown = !!overlay && !overlay.hidden && getComputedStyle(overlay).display !== "none";
  const accepted = !fire("drop"); // the page took the drop (preventDefault)
  return {shown, accepted, hiddenAfter: overlay.hidden};
}"""

# every number the worked step shows has its exact value as its tooltip, written when the pointer
# comes over it (editable.js's bindExactTitles): the pointer is brought over each number in turn
NUMBERS = """sel => [...document.querySelectorAll(sel + ' .n')].map((e) => {
    e.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));
    return Number(e.title); })"""


def drop(pg, names: list[str], target: str = "#panel-heatmaps") -> dict:
    files = [{"name": n, "b64": base64.b64encode((MODELS / n).read_bytes()).decode()} for n in names]
    return pg.evaluate(DROP, {"files": files, "target": target})


def post(base: str, path: str, body: dict | None = None, files: list[str] | None = None) -> dict:
    """The API's own answer, over HTTP, for the comparison."""
    if files is not None:
        boundary = "----rnnscope-test"
        parts = []
        for n in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{n}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
                + (MODELS / n).read_bytes()
                + b"\r\n"
            )
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        ctype = f"multipart/form-data; boundary={boundary}"
    else:
        data = json.dumps(body).encode()
        ctype = "application/json"
    req = urllib.request.Request(base + path, data=data, headers={"Content-Type": ctype}, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def forward_body(answer: dict, inputs) -> dict:
    body = {k: v for k, v in answer.items() if k in ("model", "weights", "vocabulary")}
    body["inputs"] = inputs
    return body


def card_text(pg) -> str:
    return pg.locator("#model-card").inner_text()


def has_close(values, target: float, rel: float = 1e-12) -> bool:
    return any(abs(v - target) <= rel * max(1.0, abs(target)) for v in values)


def run_card(pg, run: int) -> None:
    pg.click("#om-run")
    wait_ready(pg, run=run)


def test_the_picker_accepts_every_extension_and_several_files(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    picker = page.locator("#open-model-file")
    assert picker.get_attribute("accept").split(",") == ACCEPT
    assert picker.get_attribute("multiple") is not None
    assert page.locator("#open-model").is_visible()
    assert page.locator("#model-card").is_hidden()
    page.watch.assert_clean()


def test_a_pt_file_from_the_picker_runs_numbers_from_a_csv(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    page.set_input_files("#open-model-file", str(MODELS / "pt_lstm_tagger.pt"))
    page.locator("#model-card .model-summary").wait_for()
    text = card_text(page)
    answer = post(page.base, "/api/v1/weights/import", files=["pt_lstm_tagger.pt"])
    assert answer["summary"] in text  # "PyTorch state_dict: LSTM(3→4, 2 layers) → Linear(4→2)"
    assert "pt_lstm_tagger.pt" in text
    assert "3 per step" in text
    # the reader's assumptions, listed
    assert page.locator("#model-card .model-warnings li").count() == len(answer["warnings"]) >= 1
    assert page.locator("#om-kind-numbers").is_checked()
    # a bad CSV: the row and the column are named, nothing runs
    page.fill("#om-csv", "a,b,c\n0.1,0.2,0.3\n0.4,zz,0.6\n")
    page.click("#om-run")
    wait_js(page, "document.querySelector('#om-error').innerText.includes('line 3, column 2')")
    assert "‘b’" in page.locator("#om-error").inner_text() and "zz" in page.locator("#om-error").inner_text()
    page.fill("#om-csv", "0.1,0.2,0.3\n0.4,0.5\n")
    page.click("#om-run")
    wait_js(page, "document.querySelector('#om-error').innerText.includes('line 2 has 2 columns')")
    assert page.evaluate("+document.documentElement.dataset.run") == 1
    # a CSV dropped anywhere on the page fills the card's numbers (header row skipped)
    inputs = EXPECTED["pt_lstm_tagger.pt"]["inputs"][0]  # (T, 3)
    csv = "x0,x1,x2\n" + "\n".join(",".join(repr(v) for v in row) for row in inputs) + "\n"
    page.evaluate(
        """csv => { const dt = new DataTransfer(); dt.items.add(new File([csv], 'steps.csv', {type: 'text/csv'}));
                  for (const t of ['dragenter', 'dragover', 'drop'])
                    document.body.dispatchEvent(new DragEvent(t, {bubbles: true, cancelable: true, dataTransfer: dt})); }""",
        csv,
    )
    wait_js(page, "document.querySelector('#om-csv-info').innerText.includes('steps.csv')")
    assert f"{len(inputs)} steps × 3 columns" in page.locator("#om-csv-info").inner_text()
    run_card(page, 2)
    api = post(page.base, "/api/v1/forward", forward_body(answer, inputs))
    # the run's y is the API's y, and the framework's (float32 file: rtol 1e-5)
    y = page.evaluate("Array.from(window.rnnscope.app.run.y.data)")
    flat = [v for row in api["y"][0] for v in row]
    assert y == pytest.approx(flat, rel=1e-12, abs=1e-15)
    assert y == pytest.approx(
        [v for row in EXPECTED["pt_lstm_tagger.pt"]["y"][0] for v in row], rel=1e-5, abs=1e-6
    )
    # the worked step on the top layer shows the readout with the API's numbers at step 1
    page.select_option("#s-layer", "1")
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    shown = page.evaluate(NUMBERS, "#worked .readout-block")
    assert has_close(shown, max(api["y"][0][1])), (shown, api["y"][0][1])
    assert page.locator("#worked .check.bad").count() == 0
    page.watch.assert_clean()


def test_a_keras_text_model_dropped_with_its_vocabulary(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    names = ["k_text_bigru_masked.keras", "vocab.txt"]
    seen = drop(page, names)
    assert seen == {"shown": True, "accepted": True, "hiddenAfter": True}
    page.locator("#model-card .model-summary").wait_for()
    answer = post(page.base, "/api/v1/weights/import", files=names)
    text = card_text(page)
    assert answer["summary"].startswith("Keras Sequential: Embedding(20→6")
    assert answer["summary"] in text
    assert "20 tokens" in text and "token ids from 0 to 19" in text
    assert page.locator("#model-card .segmented label").all_inner_texts() == ["Token ids", "Text"]
    # ids outside the embedding are named before anything is sent
    page.fill("#om-ids", "3 14 20")
    page.click("#om-run")
    wait_js(page, "document.querySelector('#om-error').innerText.includes('token id 20')")
    assert "position 2" in page.locator("#om-error").inner_text()
    # token ids
    ids = EXPECTED["k_text_bigru_masked.keras"]["inputs"]["ids"][0]  # [3, 14, 15, 9, 2]
    page.fill("#om-ids", " ".join(map(str, ids)))
    run_card(page, 2)
    api = post(page.base, "/api/v1/forward", forward_body(answer, {"ids": ids}))
    assert page.evaluate("window.rnnscope.app.run.T") == len(ids)
    y = page.evaluate("Array.from(window.rnnscope.app.run.y.data)")
    assert y == pytest.approx([v for row in api["y"][0] for v in row], rel=1e-12, abs=1e-15)
    assert y == pytest.approx(
        [v for row in EXPECTED["k_text_bigru_masked.keras"]["y"][0] for v in row], rel=1e-5, abs=1e-6
    )
    # the embedding is a heatmap like h
    assert page.locator('#heatmaps figure[data-q="embedding"]').count() == 1
    # step through: x_t = E[id] with the id, its token and the row's first numbers
    page.locator("#views").focus()
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 1")
    block = page.locator("#worked .embedding-block")
    assert block.get_attribute("data-id") == str(ids[1])
    btext = block.inner_text()
    token = answer["vocabulary"][ids[1]]
    assert f"E[{ids[1]}]" in btext and f"‘{token}’" in btext and f"row {ids[1]} of 20" in btext
    row = answer["weights"]["embedding"][ids[1]]
    shown = page.evaluate(NUMBERS, "#worked .embedding-block")
    assert shown[:6] == pytest.approx(row[:6], rel=1e-12)
    assert shown[:6] == pytest.approx(api["embedding"][0][1][:6], rel=1e-12)
    assert page.locator("#worked .embedding-block .check.ok").count() == 1
    # the head (Dense(3, softmax)) at step 1: its numbers are the API's
    head = page.locator("#worked .readout-block")
    head_numbers = page.evaluate(NUMBERS, "#worked .readout-block")
    y1 = api["y"][0][1]
    assert has_close(head_numbers, max(y1)), (head_numbers, y1)
    assert page.locator("#worked .check.bad").count() == 0
    assert "y" in head.inner_text()
    # text over the model's vocabulary: "hello" is the ids of h, e, l, l, o
    page.click("label[for=om-kind-text]")
    page.fill("#om-text", "hello")
    run_card(page, 3)
    vocab = answer["vocabulary"]
    hello_ids = [vocab.index(c) for c in "hello"]
    api_text = post(page.base, "/api/v1/forward", forward_body(answer, {"text": "hello"}))
    y = page.evaluate("Array.from(window.rnnscope.app.run.y.data)")
    assert y == pytest.approx([v for row in api_text["y"][0] for v in row], rel=1e-12, abs=1e-15)
    assert page.locator("#token-strip .tok").count() == 5
    page.keyboard.press("End")
    wait_js(page, "window.rnnscope.state.t === 4")
    assert page.locator("#worked .embedding-block").get_attribute("data-id") == str(hello_ids[4])
    assert "‘o’" in page.locator("#worked .embedding-block").inner_text()
    # a character outside the vocabulary is named in the card
    page.fill("#om-text", "hey")
    page.click("#om-run")
    wait_js(page, "document.querySelector('#om-error').innerText.includes('‘y’')")
    page.watch.assert_clean()


def test_a_many_to_one_model_shows_its_two_layer_head_and_y_final(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    name = "k_sentiment_functional.keras"
    drop(page, [name], target="#editor")
    page.locator("#model-card .model-summary").wait_for()
    answer = post(page.base, "/api/v1/weights/import", files=[name])
    assert "Dense(32, relu) → Dense(1, sigmoid)" in card_text(page)
    assert "final state" in card_text(page)
    ids = EXPECTED[name]["inputs"]["ids"][0]
    page.fill("#om-ids", json.dumps(ids))  # JSON works as well as "3 14 15"
    run_card(page, 2)
    api = post(page.base, "/api/v1/forward", forward_body(answer, {"ids": ids}))
    y_final = api["y_final"][0][0]
    assert y_final == pytest.approx(EXPECTED[name]["y_final"][0][0], rel=1e-5)
    # the card's result and the worked step's head: Dense(32, relu) then Dense(1, sigmoid)
    wait_js(page, "document.querySelector('#model-result .model-yfinal')")
    assert page.evaluate("window.rnnscope.app.run.y_final.data[0]") == pytest.approx(y_final, rel=1e-12)
    head = page.locator("#worked .head-block")
    htext = head.inner_text()
    assert "Dense layer 1: 32 units, relu" in htext and "Dense layer 2: 1 unit, sigmoid" in htext
    assert "z⁽¹⁾" in htext and "z⁽²⁾" in htext and "relu(" in htext and "σ(" in htext
    numbers = page.evaluate(NUMBERS, "#worked .head-block")
    j = 0  # the chosen unit of the hidden head layer
    assert has_close(numbers, api["head"][0]["pre_activation"][0][j])
    assert has_close(numbers, api["head"][1]["pre_activation"][0][0])
    assert has_close(numbers, y_final)
    assert page.locator("#worked .head-block .check.ok").count() == 2
    assert page.locator("#worked .check.bad").count() == 0
    page.watch.assert_clean()


def test_a_dropped_pt_text_model_runs_token_ids(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    name = "pt_sentiment_f64.pt"
    drop(page, [name])
    page.locator("#model-card .model-summary").wait_for()
    answer = post(page.base, "/api/v1/weights/import", files=[name])
    text = card_text(page)
    assert answer["summary"] in text and "Embedding(30→8)" in text
    assert page.locator("#model-card .model-warnings li").count() == len(answer["warnings"])
    ids = EXPECTED[name]["inputs"]["ids"]
    page.fill("#om-ids", "\n".join(" ".join(map(str, r[:3])) for r in ids))  # two sequences of 3
    run_card(page, 2)
    assert page.evaluate("window.rnnscope.app.run.B") == 2
    rows = [r[:3] for r in ids]
    api = post(page.base, "/api/v1/forward", forward_body(answer, {"ids": rows}))
    page.select_option("#s-batch", "1")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    wait_js(page, "window.rnnscope.state.t === 2")
    assert page.locator("#worked .embedding-block").get_attribute("data-id") == str(rows[1][2])
    numbers = page.evaluate(NUMBERS, "#worked .head-block")
    assert has_close(numbers, api["head"][1]["pre_activation"][1][2][0])
    assert page.locator("#worked .check.bad").count() == 0
    # what the state_dict does not say, set in the card: the head reads the final state through
    # relu and sigmoid; rows of different lengths go as one batch with `lengths` (PyTorch packed)
    assert page.locator("#model-card .model-head-settings").get_attribute("open") is not None
    page.select_option("#om-head-on", "final")
    page.select_option("#om-head-act-0", "relu")
    page.select_option("#om-head-act-1", "sigmoid")
    want = EXPECTED[name + "#lengths"]
    page.fill("#om-ids", "3 14 15 9 2\n1 7 19")
    run_card(page, 3)
    assert page.evaluate("window.rnnscope.app.run.lengths") == want["lengths"] == [5, 3]
    y_final = page.evaluate("Array.from(window.rnnscope.app.run.y_final.data)")
    # torch ran this model in float64: the page's answer is torch's to 1e-12
    assert y_final == pytest.approx([r[0] for r in want["y_final"]], rel=1e-12)
    page.select_option("#s-batch", "1")
    wait_js(page, "window.rnnscope.state.b === 1")
    htext = page.locator("#worked .head-block").inner_text()
    assert "[h→₂; h←₀]" in htext  # the second row's final state: forward at its last step (2), backward at 0
    numbers = page.evaluate(NUMBERS, "#worked .head-block")
    assert has_close(numbers, y_final[1])
    assert page.locator("#worked .check.bad").count() == 0
    page.watch.assert_clean()


def test_refused_files_show_the_servers_message_in_the_card(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    page.set_input_files("#open-model-file", str(MODELS / "pt_whole_module.pt"))
    page.locator("#model-card .model-error").wait_for()
    msg = page.locator("#model-card .model-error").inner_text()
    assert "state_dict" in msg  # "save model.state_dict()"
    assert page.locator("#model-card h2").inner_text() == "This file could not be opened"
    # a file type the page does not know: said before anything is sent
    page.evaluate(
        """() => { const dt = new DataTransfer(); dt.items.add(new File(['MZ'], 'tool.exe'));
                 for (const t of ['dragenter', 'dragover', 'drop'])
                   document.body.dispatchEvent(new DragEvent(t, {bubbles: true, cancelable: true, dataTransfer: dt})); }"""
    )
    wait_js(page, "document.querySelector('#model-card .model-error').innerText.includes('tool.exe')")
    assert ".keras" in page.locator("#model-card .model-error").inner_text()
    page.watch.assert_clean(allow=("422",))


def test_the_card_in_chinese_and_at_phone_width(browser, base_url):
    pg = open_page(browser, (base_url,), viewport={"width": 390, "height": 844})
    try:
        pg.goto(base_url + "/?preset=book-rnn&lang=zh")
        wait_ready(pg)
        drop(pg, ["k_text_bigru_masked.keras", "vocab.txt"])
        pg.locator("#model-card .model-summary").wait_for()
        assert pg.locator("#model-card h2").inner_text() == "你的模型"
        assert_chinese(pg, "#model-card", at_least=5)
        pg.click("#om-run")
        wait_ready(pg, run=2)
        pg.keyboard.press("ArrowRight")
        wait_js(pg, "window.rnnscope.state.t === 1")
        assert re.search(r"[\u3400-\u9fff]", pg.locator("#worked .embedding-block").inner_text())
        # nothing of what this adds is wider than the phone
        for sel in ("#model-card", "#worked .embedding-block", "#worked .readout-block"):
            box = pg.evaluate(
                "sel => { const e = document.querySelector(sel); const r = e.getBoundingClientRect(); return [r.right, e.scrollWidth - e.clientWidth]; }",
                sel,
            )
            assert box[0] <= 390 and box[1] <= 1, (sel, box)
        pg.watch.assert_clean()
    finally:
        pg.context.close()


ONNX = MODELS.parent / "onnx"


@pytest.mark.skipif(
    not (ONNX / "pt_ts_lstm_tagger_external.onnx.data").exists(),
    reason="the ONNX fixtures and reader come with branch i9-onnx",
)
def test_an_onnx_file_with_its_external_data_and_an_onnx_peephole_lstm(page):
    page.goto(page.base + "/?preset=book-rnn")
    wait_ready(page)
    name = "pt_ts_lstm_tagger_external.onnx"
    case = json.loads((ONNX / "expected.json").read_text())[name]
    files = [
        {"name": n, "b64": base64.b64encode((ONNX / n).read_bytes()).decode()} for n in (name, name + ".data")
    ]
    page.evaluate(DROP, {"files": files, "target": "#panel-worked"})
    page.locator("#model-card .model-summary").wait_for()
    assert f"{name} + {name}.data" in page.locator("#model-card .model-files").inner_text()
    x = case["x"][0]
    page.fill("#om-csv", "\n".join(",".join(repr(v) for v in row) for row in x))
    wait_js(page, "document.querySelector('#om-csv-info').innerText.includes('5 steps × 3 columns')")
    run_card(page, 2)
    y = page.evaluate("Array.from(window.rnnscope.app.run.y.data)")
    # onnxruntime's float32 numbers (rtol 1e-5)
    assert y == pytest.approx([v for row in case["expected"]["y"][0] for v in row], rel=1e-5, abs=1e-6)
    # a peephole LSTM: the worked step writes p_i·c_prev and agrees with the engine at every step
    page.set_input_files("#open-model-file", str(ONNX / "op_lstm_peepholes.onnx"))
    wait_js(page, "document.querySelector('#model-card .model-files').innerText === 'op_lstm_peepholes.onnx'")
    page.locator("#model-card .model-summary").wait_for()
    assert "peepholes" in card_text(page)
    xp = json.loads((ONNX / "expected.json").read_text())["op_lstm_peepholes.onnx"]["x"][0]
    page.fill("#om-csv", "\n".join(",".join(repr(v) for v in row) for row in xp))
    wait_js(page, "document.querySelector('#om-csv-info').innerText.includes('steps')")
    run_card(page, 3)
    for t in range(1, 4):
        page.keyboard.press("ArrowRight")
        wait_js(page, f"window.rnnscope.state.t === {t}")
        text = page.locator("#worked").inner_text()
        assert "p_i[0]" in text and "p_o[0]" in text
        assert page.locator("#worked .check.ok").count() >= 5
        assert page.locator("#worked .check.bad").count() == 0
    page.watch.assert_clean()
