"""The rnnscope command gives the same JSON as the API."""

from __future__ import annotations

import json

from rnnscope.cli import main


def test_trace_preset_equals_the_api(client, tmp_path):
    out = tmp_path / "trace.json"
    assert main(["trace", "--preset", "gru-hello", "-o", str(out)]) == 0
    api = client.post("/api/v1/forward", json=client.get("/api/v1/presets/gru-hello").json()).json()
    assert json.loads(out.read_text()) == api


def test_trace_request_file(client, tmp_path, capsys):
    req = client.get("/api/v1/presets/book-rnn").json()
    path = tmp_path / "req.json"
    path.write_text(json.dumps(req))
    assert main(["trace", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["y"][0][1][0] == 2.727071008233731


def test_trace_bad_request_names_the_field(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(
        json.dumps(
            {"model": {"cell": "lstm", "hidden_size": 2}, "weights": {"format": "random"}, "inputs": []}
        )
    )
    assert main(["trace", str(path)]) == 2
    assert "inputs: expected at least one time step" in capsys.readouterr().err


def test_trace_invalid_json(tmp_path, capsys):
    path = tmp_path / "nan.json"
    path.write_text('{"inputs": [NaN]}')
    assert main(["trace", str(path)]) == 2
    assert "not valid JSON" in capsys.readouterr().err


def test_a_request_file_that_cannot_be_read_is_said_not_a_traceback(tmp_path, capsys):
    missing = tmp_path / "missing.json"
    for command in ("trace", "export"):
        extra = ["-o", str(tmp_path / "out.html")] if command == "export" else []
        assert main([command, str(missing), *extra]) == 2
        assert capsys.readouterr().err == f"rnnscope: cannot read {missing}: No such file or directory\n"
    assert main(["trace", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"rnnscope: cannot read {tmp_path}: Is a directory\n"


def test_a_preset_named_as_a_file_gets_a_hint(capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no file called book-rnn here
    assert main(["export", "book-rnn", "-o", str(tmp_path / "out.html")]) == 2
    assert capsys.readouterr().err == (
        "rnnscope: cannot read book-rnn: No such file or directory (a preset is named with --preset book-rnn)\n"
    )
