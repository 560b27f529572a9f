"""docs/notebook.png: an example notebook run on a real kernel, exported to HTML (nbconvert) and
photographed in Debian's Chromium around its last rnnscope.show output, with every outside request
blocked. Needs the [notebook] extra (and torch for the training notebook).

    .venv/bin/python scripts/notebook_screenshot.py [examples/train-tiny-lstm.ipynb] [docs/notebook.png]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import nbclient
import nbformat
from nbconvert import HTMLExporter
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
HEIGHT = 1100  # px of the picture: the show() cell and the top of its view


def main() -> None:
    source = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "examples" / "train-tiny-lstm.ipynb")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "docs" / "notebook.png")
    nb = nbformat.read(source, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        nbclient.NotebookClient(
            nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp}}
        ).execute()
        body, _ = HTMLExporter().from_notebook_node(nb)
        page_path = Path(tmp) / "notebook.html"
        page_path.write_text(body, encoding="utf-8")
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            context = browser.new_context(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page = context.new_page()
            page.goto(page_path.as_uri())
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                frames = [f for f in page.frames if f != page.main_frame]
                if frames and all(
                    f.evaluate("document.documentElement.dataset.state") == "ready" for f in frames
                ):
                    break
                page.wait_for_timeout(500)
            page.wait_for_timeout(1500)
            cells = page.locator(".jp-Cell.jp-CodeCell")
            last = cells.nth(cells.count() - 1)
            top = last.evaluate("el => el.getBoundingClientRect().top + window.scrollY")
            page.set_viewport_size({"width": 1280, "height": HEIGHT})
            page.evaluate("y => window.scrollTo(0, y)", top - 10)
            page.wait_for_timeout(3000)  # off-screen panels (content-visibility) paint once in view
            page.screenshot(path=str(target))
            browser.close()
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
