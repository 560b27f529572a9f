"""Comparing two runs (issue 13) on the server: the URL key ``compare=`` read back (a preset id
or an encoded request, as static/js/state.js writes it), the standalone page that carries run A
beside run B (POST /api/v1/standalone and ``rnnscope export --compare``), and oEmbed."""

from __future__ import annotations

import base64
import html
import re
import zlib

import orjson
import pytest

from rnnscope.cli import main as cli
from rnnscope.comparison import MAX_JSON_BYTES, CompareRefError, decode_blob, resolve
from rnnscope.presets import preset_request


def blob_j(body: dict) -> str:
    return "j." + base64.urlsafe_b64encode(orjson.dumps(body)).decode().rstrip("=")


def blob_z(body: dict | bytes) -> str:
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    pack = zlib.compressobj(9, zlib.DEFLATED, -15)
    return "z." + base64.urlsafe_b64encode(pack.compress(raw) + pack.flush()).decode().rstrip("=")


def page_data(page: str) -> dict:
    """The data block of a standalone page (#rnnscope-data)."""
    m = re.search(r'<script type="application/json" id="rnnscope-data">(.*?)</script>', page, re.S)
    assert m, "no data block"
    return orjson.loads(m.group(1))


def forward(client, body: dict) -> dict:
    r = client.post("/api/v1/forward", json=body)
    assert r.status_code == 200, r.text
    return r.json()


# ---- compare= read back


def test_a_preset_id_and_both_encodings_name_the_same_request():
    body = preset_request("book-rnn")
    assert resolve("book-rnn") == (body, "book-rnn")
    assert resolve(blob_j(body)) == (body, None)
    assert resolve(blob_z(body)) == (body, None)


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("no-such-preset", "no preset 'no-such-preset'; known: book-rnn"),
        ("j.!!!", "base64url characters"),
        ("j.bm90IGpzb24", "not JSON"),
        (
            "j." + base64.urlsafe_b64encode(b"[1, 2]").decode().rstrip("="),
            "expected a request object, got list",
        ),
        ("z.AAAA", "not deflate data: the stream ends early"),
        ("z.____", "not deflate data: Error -3"),
        ("../etc/passwd", "expected a preset id or a 'j.'/'z.' request"),
    ],
)
def test_a_bad_compare_value_is_refused_saying_why(ref, said):
    with pytest.raises(CompareRefError, match=re.escape(said)):
        resolve(ref)


def test_a_deflate_bomb_stops_at_the_cap_before_it_is_all_inflated():
    bomb = blob_z(b" " * (MAX_JSON_BYTES + 10))
    assert len(bomb) < 40_000  # 16 MB of spaces deflates to a few kB
    with pytest.raises(CompareRefError, match="more than 16,777,216 bytes once inflated"):
        decode_blob(bomb)


# ---- the standalone page carries run A


def test_the_standalone_page_carries_run_a_of_a_compare_key(client):
    r = client.post(
        "/api/v1/standalone?preset=vanishing-tanh&state=t%3D3%26compare%3Dlstm-memory",
        json=preset_request("vanishing-tanh"),
    )
    assert r.status_code == 200, r.text
    data = page_data(r.text)
    assert "compare" not in data["query"] and "t=3" in data["query"]  # A travels in the data block
    a = data["compare"]
    assert a["ref"] == "lstm-memory" and a["preset"]["title"].startswith("An LSTM that remembers")
    want = forward(client, preset_request("lstm-memory"))
    assert a["response"]["output"] == want["output"]
    assert a["response"]["gradients"]["jacobian_norm"] == want["gradients"]["jacobian_norm"]
    assert a["canonical"]["layers"][0]["forward"]["W_x"]["f"]  # A's worked step has its weights
    assert data["response"]["model"]["cell"] == "rnn" and a["response"]["model"]["cell"] == "lstm"


def test_the_standalone_page_takes_an_encoded_request_as_run_a(client):
    body = preset_request("book-rnn")
    other = orjson.loads(orjson.dumps(body))
    other["inputs"] = [1, 2, 3]
    r = client.post(f"/api/v1/standalone?state=compare%3D{blob_z(other)}", json=body)
    assert r.status_code == 200, r.text
    a = page_data(r.text)["compare"]
    assert a["ref"] is None and a["request"]["inputs"] == [1, 2, 3]
    assert a["response"]["y"] == forward(client, other)["y"]


@pytest.mark.parametrize(
    ("ref", "said"),
    [
        ("nope", "no preset 'nope'"),
        (blob_j({"model": {"cell": "lstm"}}), "its request is not valid: "),
        (
            blob_j(
                {
                    "model": {"cell": "rnn", "hidden_size": 2, "input_size": 1},
                    "weights": {"format": "random"},
                    "inputs": [[[1, 2]]],
                }
            ),
            "inputs",
        ),
    ],
)
def test_a_compare_key_that_names_no_runnable_network_is_a_422_at_its_place(client, ref, said):
    r = client.post(f"/api/v1/standalone?state=compare%3D{ref}", json=preset_request("book-rnn"))
    assert r.status_code == 422, r.text
    (err,) = r.json()["detail"]
    assert err["loc"] == ["query", "state", "compare"]
    assert said in err["msg"], err["msg"]


def test_export_writes_a_comparison_from_a_preset_or_a_request_file(tmp_path, capsys):
    out = tmp_path / "compare.html"
    assert (
        cli(["export", "--preset", "trained-memory-lstm", "--compare", "trained-depth", "-o", str(out)]) == 0
    )
    data = page_data(out.read_text(encoding="utf-8"))
    assert data["compare"]["ref"] == "trained-depth"
    assert data["compare"]["response"]["steps"] == 24 and data["response"]["steps"] == 30
    req = tmp_path / "a.json"
    body = preset_request("book-rnn") | {"inputs": [3, 1]}
    req.write_bytes(orjson.dumps(body))
    assert cli(["export", "--preset", "book-rnn", "--compare", str(req), "-o", str(out)]) == 0
    a = page_data(out.read_text(encoding="utf-8"))["compare"]
    assert a["ref"] is None and a["request"]["inputs"] == [3, 1]
    assert a["preset"]["title"] == "The saved network A"
    capsys.readouterr()
    assert cli(["export", "--preset", "book-rnn", "--compare", "nope", "-o", str(out)]) == 2
    assert "--compare nope: no preset 'nope'" in capsys.readouterr().err
    req.write_text("{", encoding="utf-8")
    assert cli(["export", "--preset", "book-rnn", "--compare", str(req), "-o", str(out)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


# ---- oEmbed


def test_oembed_of_a_comparison_link_embeds_the_comparison(client):
    base = str(client.base_url).rstrip("/")
    r = client.get("/oembed", params={"url": f"{base}/?preset=vanishing-tanh&compare=lstm-memory&t=3"})
    assert r.status_code == 200, r.text
    body = r.json()
    src = html.unescape(re.search(r'src="([^"]+)"', body["html"]).group(1))
    assert src == f"{base}/embed?preset=vanishing-tanh&compare=lstm-memory&t=3"
    assert body["title"].startswith("rnnscope: Vanishing gradients")
    assert body["title"].endswith(
        ", compared with An LSTM that remembers: the forget gate keeps the path open"
    )
    r = client.get(
        "/oembed",
        params={"url": f"{base}/embed?preset=book-rnn&compare={blob_j(preset_request('book-rnn'))}"},
    )
    assert r.status_code == 200 and r.json()["title"].endswith(", compared with another network")
