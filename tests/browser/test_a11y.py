"""An accessibility audit of every page with axe-core (issue 10): no serious or critical
violation on /, /embed and each preset, in English and Chinese, on a desktop and a phone.

axe-core is test-only and vendored (tests/browser/vendor/axe.min.js, from the npm registry:
`npm pack axe-core`, version in its header, MPL-2.0: the header stays, the licence is next to
it). It is put into the page through the debugger protocol (page.evaluate), so the page's
Content-Security-Policy is not loosened for it.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from .conftest import open_page, wait_ready
from .test_devices import settle

pytestmark = pytest.mark.browser

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def audit(pg) -> list[dict]:
    """axe's serious and critical violations on the page as it is now."""
    if not pg.evaluate("typeof window.axe === 'object'"):
        pg.evaluate(AXE)
    # Scroll through the page once, as a reader does, before the audit: a panel off screen skips
    # its layout (content-visibility: auto, perf.css) and keeps the size it had when last laid
    # out, so axe's hit tests over panels drawn since then (lazydraw.js) would read stale boxes.
    pg.evaluate(
        """async () => {
          const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
          for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) { scrollTo(0, y); await frame(); }
          scrollTo(0, 0); await frame();
        }"""
    )
    return pg.evaluate(
        """async () => {
          const r = await axe.run(document, {resultTypes: ['violations']});
          return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }"""
    )


def test_axe_is_vendored_with_its_licence():
    head = AXE[:600]
    assert (
        head.startswith("/*! axe v4.")
        and "Mozilla Public" in head
        and "MPL" in head.replace("Mozilla Public\n * License, v. 2.0", "MPL")
    )
    assert (
        (Path(__file__).parent / "vendor" / "axe-core-LICENSE.txt")
        .read_text()
        .startswith("Mozilla Public License")
    )


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_serious_accessibility_violations(browser, base_url, lang, device):
    with urllib.request.urlopen(base_url + "/api/v1/presets") as r:
        ids = [p["id"] for p in json.load(r)]
    # every preset on the desktop; the phone layout on the two pages and two presets (time)
    pages = ["/", "/embed"] + [f"/?preset={p}" for p in (ids if device == "desktop" else ids[1:3])]
    pg = open_page(browser, (base_url,), **(PHONE if device == "phone" else {}))
    try:
        found = {}
        for url in pages:
            pg.goto(f"{base_url}{url}{'&' if '?' in url else '?'}lang={lang}")
            wait_ready(pg)  # every view drawn, the worked step's weights included
            settle(pg)  # and laid out (was a fixed 300 ms)
            bad = audit(pg)
            if bad:
                found[url] = bad
        assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
        pg.watch.assert_clean()
    finally:
        pg.context.close()


def test_every_control_is_labelled_and_focus_follows_the_page(page):
    page.goto(page.base + "/?preset=gru-hello&lang=zh")
    wait_ready(page)
    # every form control has an accessible name
    unnamed = page.evaluate(
        """() => Array.from(document.querySelectorAll('button, select, input, textarea'))
            .filter(e => e.type !== 'hidden' && e.getClientRects().length)
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby') && !e.textContent.trim())
            .map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == [], unnamed
    # no positive tabindex: the focus order is the page's order
    assert (
        page.evaluate(
            'document.querySelectorAll(\'[tabindex]:not([tabindex="0"]):not([tabindex="-1"])\').length'
        )
        == 0
    )
    # the plots' text alternative: each plot names the values table, which takes focus
    assert page.locator("#values-table-wrap").get_attribute("tabindex") == "0"
    for gd in page.locator(".plot").all():
        if gd.is_visible():
            assert gd.get_attribute("aria-describedby") == "plot-alt"
            assert gd.get_attribute("role") != "img"  # Plotly puts buttons and links inside
    page.watch.assert_clean()
