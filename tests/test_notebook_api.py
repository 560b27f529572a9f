"""rnnscope.trace / show / Client (issue 12) without torch or Keras: the same numbers and bytes as
POST /api/v1/forward, the display's structure and size, and the client against a live server."""

from __future__ import annotations

import html
import re

import numpy as np
import orjson
import pytest

import rnnscope
from rnnscope.notebook import display
from rnnscope.presets import all_presets

from .browser.conftest import free_port, start_server


def api_bytes(client, request: dict, encoding: str = "json") -> bytes:
    body = {k: v for k, v in request.items() if k != "preset"}
    body["options"] = {**(body.get("options") or {}), "encoding": encoding}
    r = client.post("/api/v1/forward", json=display.jsonable(body))
    assert r.status_code == 200, r.text
    return r.content


@pytest.mark.parametrize("preset_id", list(all_presets()))
def test_to_json_is_the_api_response_byte_for_byte(client, preset_id):
    req = rnnscope.preset(preset_id)
    options = req.get("options") or {}
    tr = rnnscope.trace(req, req["inputs"], gradients=options.get("gradients"),
                        initial_state=req.get("initial_state"))  # fmt: skip
    sent = {**req, "options": {k: v for k, v in options.items() if k == "gradients"}}
    assert tr.to_json() == api_bytes(client, sent)
    assert tr.to_json("base64") == api_bytes(client, sent, "base64")


def test_book_numbers_and_names(client):
    book = rnnscope.preset("book-rnn")
    tr = rnnscope.trace(book, book["inputs"])
    assert (tr.batch, tr.steps, tr.gates) == (1, 2, ["h"])
    np.testing.assert_allclose(tr.layers[0].forward.pre_activation["h"][0, 0], [0.6, 0.5], atol=1e-15)
    np.testing.assert_allclose(tr.layers[0].forward.h[0, 0], np.tanh([0.6, 0.5]), atol=1e-15)
    assert round(float(tr.y[0, 0, 0]), 4) == 1.5613 and round(float(tr.y[0, 1, 0]), 4) == 2.7271
    api = orjson.loads(api_bytes(client, book))
    np.testing.assert_array_equal(tr.output, np.array(api["output"]))
    np.testing.assert_array_equal(tr.layers[0]["forward"].h, np.array(api["trace"][0]["forward"]["h"]))
    assert tr.layers[0].backward is None and tr.c_n is None and tr.gradients is None


def test_lstm_gates_gradients_and_long_form():
    req = rnnscope.preset("lstm-bidirectional")
    tr = rnnscope.trace(req, req["inputs"], gradients=True, fields=["gates", "c", "h"])
    B, T, H = tr.batch, tr.steps, tr.model["hidden_size"]
    assert set(tr.layers[0].forward.gates) == {"i", "f", "g", "o"}
    assert tr.layers[0].backward.gates["f"].shape == (B, T, H)
    assert tr.layers[0].forward.input_term is None  # not asked for
    assert tr.gradients.loss == pytest.approx(float(tr.output.sum()) if tr.y is None else float(tr.y.sum()))
    assert tr.gradients.inputs.shape == (B, T, tr.model["input_size"])
    assert "weight_ih_l0_reverse" in tr.gradients.parameters
    cols = tr.columns()
    n = sum(a.size for layer in tr.layers for d in layer.directions.values()
            for q in ("gates", "c", "h") for a in (getattr(d, q).values() if q == "gates" else [getattr(d, q)]))  # fmt: skip
    assert len(cols["value"]) == n
    row = next(
        r for r in tr.rows() if r["quantity"] == "gates" and r["gate"] == "f" and r["direction"] == "backward"
    )
    assert row["value"] == tr.layers[row["layer"]].backward.gates["f"][row["batch"], row["t"], row["unit"]]


def test_text_inputs_and_a_file(tmp_path):
    req = rnnscope.preset("gru-hello")
    text = req["inputs"]["text"]
    tr = rnnscope.trace(req, text, vocabulary=req["inputs"].get("vocabulary"))
    assert tr.tokens == [list(text)]
    sd = {k: np.asarray(v) for k, v in rnnscope.preset("relu-rnn")["weights"]["state_dict"].items()}
    path = tmp_path / "rnn.npz"
    np.savez(path, **sd)
    x = np.random.default_rng(0).normal(size=(2, 5, sd["weight_ih_l0"].shape[1]))
    from_file = rnnscope.trace(str(path), x)
    from_dict = rnnscope.trace({"model": {"cell": "rnn", "nonlinearity": "relu"},
                                "weights": {"format": "pytorch", "state_dict": sd}}, x)  # fmt: skip
    assert from_file.model["cell"] == "rnn"
    np.testing.assert_array_equal(from_file.h_n[:, :, :0], from_dict.h_n[:, :, :0])


def test_errors_say_what_was_expected():
    with pytest.raises(TypeError, match=r"expected a torch\.nn\.Module, a Keras model"):
        rnnscope.trace(object(), [1.0])
    with pytest.raises(TypeError, match='"model" and "weights"'):
        rnnscope.trace({"model": {}}, [1.0])
    book = rnnscope.preset("book-rnn")
    with pytest.raises(Exception, match="inputs"):
        rnnscope.trace(book, np.zeros((1, 3, 4)))
    with pytest.raises(ValueError, match="embedding"):
        rnnscope.trace(book, {"ids": [1, 2]})


@pytest.fixture
def fresh_session(monkeypatch):
    monkeypatch.setitem(display._session, "carrier", None)


def frames(out: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<iframe class="rnnscope-view" srcdoc="([^"]*)"', out)]


def test_show_carries_plotly_once_per_session(fresh_session):
    book = rnnscope.preset("book-rnn")
    first = rnnscope.show(book)._repr_html_()
    second = rnnscope.show(book, views=["worked", "diagram"], t=1, lang="zh")._repr_html_()
    carrier = '<script type="application/octet-stream" id="rnnscope-plotly-cartesian">'
    assert first.count(carrier) == 1 and carrier not in second
    (page1,), (page2,) = frames(first), frames(second)
    assert carrier not in page1 and "rnnscopePlotlyBlocks" in page1  # it reads the parent's copy
    data = orjson.loads(re.search(r'id="rnnscope-data">(.*?)</script>', page2, re.S).group(1))
    assert data["query"] == "views=player,worked,diagram&t=1&lang=zh"
    assert data["response"]["y"] == [[[pytest.approx(1.5612838815)], [pytest.approx(2.7270710)]]]
    inline = rnnscope.show(book, plotly="inline")._repr_html_()
    assert frames(inline)[0].count(carrier) == 1  # inside its own page, none beside it
    assert not inline.startswith(carrier)
    three = len(first) + 2 * len(second)
    assert three < 5_000_000, f"three displays take {three / 1e6:.2f} MB"


def test_show_takes_a_trace_and_saves_a_standalone_page(tmp_path, fresh_session):
    req = rnnscope.preset("lstm-memory")
    tr = rnnscope.trace(req, req["inputs"], gradients=True)
    view = rnnscope.show(tr)
    page = frames(view._repr_html_())[0]
    data = orjson.loads(re.search(r'id="rnnscope-data">(.*?)</script>', page, re.S).group(1))
    assert data["response"]["gradients"]["loss"] == pytest.approx(tr.gradients.loss)
    view.save(str(tmp_path / "page.html"))
    assert b"Content-Security-Policy" in (tmp_path / "page.html").read_bytes()
    with pytest.raises(ValueError, match="plotly"):
        rnnscope.show(req, plotly="cdn")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)
    proc.stderr.close()


def test_client_traces_as_the_local_engine(server):
    req = rnnscope.preset("lstm-bidirectional")
    remote = rnnscope.Client(server).trace(req, req["inputs"], gradients=True)
    local = rnnscope.trace(req, req["inputs"], gradients=True)
    np.testing.assert_array_equal(remote.output, local.output)
    np.testing.assert_array_equal(remote.layers[0].backward.gates["o"], local.layers[0].backward.gates["o"])
    np.testing.assert_array_equal(
        remote.gradients.parameters["weight_hh_l0"], local.gradients.parameters["weight_hh_l0"]
    )
    assert remote.to_json() == local.to_json()


def test_client_reports_the_servers_error(server):
    book = rnnscope.preset("book-rnn")
    with pytest.raises(rnnscope.RemoteError) as e:
        rnnscope.Client(server).trace(book, np.zeros((1, 3, 4)))
    assert e.value.status == 422 and "input_size" in str(e.value.detail)
