"""The example notebooks (issue 12) run on a real kernel (nbclient); their outputs carry the
visualizer; exported to HTML (nbconvert) and opened in Chromium with every request that is not a
file blocked, the views draw, step with the keyboard and show the book's numbers.

Needs the [notebook] extra (and torch, [frameworks], for the training notebook): skipped, saying
so, without them."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[notebook]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[notebook]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[notebook]')")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CARRIER = '<script type="application/octet-stream" id="rnnscope-plotly-cartesian">'
FRAME = '<iframe class="rnnscope-view" srcdoc="'


def execute(name: str, tmp_path: Path) -> tuple[object, Path]:
    nb = nbformat.read(EXAMPLES / name, as_version=4)
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    out = tmp_path / name
    nbformat.write(nb, out)
    return nb, out


def html_outputs(nb) -> list[str]:
    return [
        o["data"]["text/html"]
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {})
    ]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    return execute("book-example.ipynb", tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    pytest.importorskip("torch", reason="the training notebook needs torch (pip install -e '.[frameworks]')")
    return execute("train-tiny-lstm.ipynb", tmp_path_factory.mktemp("train"))


def test_book_notebook_runs_and_carries_the_visualizer(book):
    nb, path = book
    views = [h for h in html_outputs(nb) if FRAME in h]
    assert len(views) == 3
    assert views[0].startswith(CARRIER) and not any(CARRIER in v for v in views[1:])  # plotly.js once
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "[[0.53705, 0.46212], [0.85974, 0.88367]]" in text and "[1.5613, 2.7271]" in text
    size = path.stat().st_size
    print(f"saved notebook with three displays: {size / 1e6:.2f} MB")
    assert size < 5_000_000, f"{size / 1e6:.2f} MB"


def test_the_carrying_cell_run_again_carries_plotly_again(tmp_path):
    """Running the cell whose output carries plotly.js again replaces that output: its new output
    carries it again; running another cell again adds no second copy."""
    from nbformat.v4 import new_code_cell, new_notebook

    nb = new_notebook(cells=[new_code_cell('import rnnscope\nbook = rnnscope.preset("book-rnn")'),
                             new_code_cell("rnnscope.show(book)"), new_code_cell("rnnscope.show(book, t=1)")])  # fmt: skip
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )

    def carries() -> list[bool]:
        return [any(h.startswith(CARRIER) for h in html_outputs(new_notebook(cells=[c]))) for c in nb.cells]

    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            client.execute_cell(cell, i)
        assert carries() == [False, True, False]
        client.execute_cell(nb.cells[2], 2)
        assert carries() == [False, True, False]
        client.execute_cell(nb.cells[1], 1)
        assert carries() == [False, True, False]
        assert FRAME in html_outputs(new_notebook(cells=[nb.cells[1]]))[0]


def test_training_notebook_learns_and_shows_it(trained):
    nb, _ = trained
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    accuracy = float(re.search(r"accuracy ([0-9.]+)", text).group(1))
    assert accuracy > 0.95, text
    difference = float(re.search(r"largest difference from PyTorch: ([0-9.e+-]+)", text).group(1))
    assert difference < 1e-6, text  # the model's float32 weights, run in float64 by both
    (view,) = [h for h in html_outputs(nb) if FRAME in h]
    page = html.unescape(view.split(FRAME, 1)[1])
    assert '"readout":{"size":1,"activation":"sigmoid"}' in page.replace(" ", "")


def exported(path: Path) -> Path:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_filename(str(path))
    out = path.with_suffix(".html")
    out.write_text(body, encoding="utf-8")
    return out


def frame_state(frame) -> dict:
    return frame.evaluate(
        """() => ({state: document.documentElement.dataset.state, drawn: document.documentElement.dataset.drawn,
                   plotly: !!window.Plotly,
                   plots: document.querySelectorAll('.js-plotly-plot').length,
                   t: window.rnnscope ? window.rnnscope.state.t : null,
                   text: document.body.innerText})"""
    )


def wait_ready(page, count: int, timeout: float = 60) -> list:
    """The output frames once each has drawn every view it shows (data-drawn="all"): views below
    a frame's fold are drawn as the reader scrolls to them (lazydraw.js), so scroll as one does.
    A view with no plot (views=["worked", "diagram"]) never needs plotly.js."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if f != page.main_frame]
        states = [frame_state(f) for f in frames]
        if len(frames) == count and all(s["state"] == "ready" and s["drawn"] == "all" for s in states):
            return frames
        for f, s in zip(frames, states, strict=True):
            if s["state"] == "ready" and s["drawn"] != "all":
                f.frame_element().scroll_into_view_if_needed()
        page.wait_for_timeout(250)
    raise AssertionError(f"views not ready: {[(s['state'], s['drawn']) for s in states]}")


@pytest.mark.browser
def test_exported_book_notebook_draws_steps_and_shows_the_numbers(book, browser):
    page = open_page_for(browser)
    page.goto(exported(book[1]).as_uri())
    frames = wait_ready(page, 3)
    # each page with plots got plotly.js from the first output and drew its plots with it
    assert all(frame_state(frames[k])["plotly"] and frame_state(frames[k])["plots"] > 0 for k in (0, 2))
    first = frames[0]
    assert frame_state(first)["t"] == 0 and "0.537" in frame_state(first)["text"]
    first.locator("body").click(position={"x": 5, "y": 5})
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + 10
    while frame_state(first)["t"] != 1 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert frame_state(first)["t"] == 1
    assert "2.727" in frame_state(first)["text"]
    assert frame_state(frames[1])["t"] == 1  # show(..., t=1)
    assert "语" in frame_state(frames[2])["text"] or "步" in frame_state(frames[2])["text"]  # lang="zh"
    errors = [e for e in page.watch.page_errors + page.watch.console_errors if "rnnscope" in e]
    assert errors == [], errors
    outside = [u for u in page.watch.external_requests if not u.startswith("file:")]
    print(f"blocked outside requests (the export template's CDN scripts): {outside}")
    page.context.close()


@pytest.mark.browser
def test_a_view_in_a_sandboxed_frame_without_parent_access(browser, tmp_path):
    """A cross-origin output frame (Colab's): history.replaceState throws; with plotly="inline"
    the page draws; with "shared" it says how to fix it instead of failing silently."""
    import rnnscope

    book = rnnscope.preset("book-rnn")
    inline = rnnscope.show(book, plotly="inline", t=1)._repr_html_()
    shared = rnnscope.show(book, plotly="shared")._repr_html_()
    shared = shared[shared.index("<iframe") :]  # (a carrier beside it would be out of its reach anyway)
    sandboxed = (inline + shared).replace("<iframe ", '<iframe sandbox="allow-scripts" ')
    path = tmp_path / "sandboxed.html"
    path.write_text(f'<!doctype html><meta charset="utf-8"><body>{sandboxed}</body>', encoding="utf-8")
    page = open_page_for(browser)
    page.goto(path.as_uri())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        frames = [f for f in page.frames if f != page.main_frame]
        if (
            len(frames) == 2
            and frame_state(frames[0])["state"] == "ready"
            and frame_state(frames[0])["plots"]
        ):
            break
        page.wait_for_timeout(250)
    first, second = frames
    assert frame_state(first)["t"] == 1 and "2.727" in frame_state(first)["text"]
    assert second.evaluate("document.documentElement.dataset.plotly") == "missing"
    assert second.locator("#rnnscope-plotly-missing").is_visible()
    page.context.close()


def open_page_for(browser):
    from .browser.conftest import open_page

    return open_page(browser, ("file://",))
