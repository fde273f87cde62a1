"""Driving the admin in Debian's Chromium with Playwright: shared by tests/browser and bench.

Chromium comes from Debian (``apt-get install chromium``), never from ``playwright install``
(it downloads browsers, which cannot work here); axe-core from the npm registry (``npm ci``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = (Path(__file__).parent / "article.txt").read_text()
PASSWORD = "a-long-test-password-1"
# No network beyond localhost here: without these Chromium keeps trying to reach Google.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -r requirements-dev.txt)"
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


def launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/")


# The nth occurrence of a phrase in the desk's text, as the screen coordinates where a
# person's drag would begin and end (left edge of its first character, right edge of its
# last), scrolled into view.
_PHRASE_BOX = """([phrase, nth]) => {
  const text = document.getElementById("desk-text");
  const all = text.textContent;
  let at = -1;
  for (let i = 0; i < nth; i += 1) {
    at = all.indexOf(phrase, at + 1);
    if (at < 0) return null;
  }
  const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const end = at + phrase.length;
  let seen = 0, started = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const len = node.data.length;
    if (!started && at < seen + len) { range.setStart(node, at - seen); started = true; }
    if (started && end <= seen + len) { range.setEnd(node, end - seen); break; }
    seen += len;
  }
  range.startContainer.parentElement.scrollIntoView({ block: "center" });
  const rects = [...range.getClientRects()].filter((r) => r.width > 0);
  const first = rects[0], last = rects[rects.length - 1];
  return { x0: first.left + 1, y0: first.top + first.height / 2,
           x1: last.right - 1, y1: last.top + last.height / 2 };
}"""


def drag_select(page: Any, phrase: str, nth: int = 1) -> None:
    """Select the nth occurrence of ``phrase`` with the mouse, as a person drags over it."""
    box = page.evaluate(_PHRASE_BOX, [phrase, nth])
    assert box, f"{phrase!r} (occurrence {nth}) is not in the desk's text"
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move(box["x1"], box["y1"], steps=8)
    page.mouse.up()


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of the given impacts on the page, one line each."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, { resultTypes: ['violations'] })")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in impacts
    ]
