"""Clicks, typed fields, selects and page loads for "add a source and cite three claims":
on the desk, and on the admin's stock path (the source form, then the claim form with its
citation inline, three times). Both are driven by Playwright in Debian's Chromium and
counted by instrumentation in the page, not by hand.

    .venv/bin/python bench/desk_clicks.py                       # prints the table
    .venv/bin/python bench/desk_clicks.py --screenshots docs    # and the desk's screenshots

It serves the project itself as ``make run`` does (collectstatic, gunicorn on ``--port``)
over a new SQLite database in a temporary folder (or ``DATABASE_URL``, which it migrates and
fills), so no database of yours is touched. Both paths must end with the same three claims
(kind, value, unit, claimant, modality, statement, citation offsets): the script checks it
before it prints.

What is counted, per path, from the admin's start page on (signed in), driven as a person
with a mouse works: a click into each field before typing it, a click on each button (the
desk's one-line statement is saved with Enter, as its form allows):
- clicks: presses of the mouse button (a click, or the start of a drag over words), and
  how many of them only put the cursor into a field;
- typed fields: a field typed into, once each time it is focused;
- selects: choices made in a drop-down (``change`` on a ``select``);
- page loads: documents loaded in the tab, the start page included.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.support import (  # noqa: E402
    ARTICLE,
    PASSWORD,
    drag_select,
    launch,
    missing_browser,
    sign_in,
)

REPEATED = "62% of residents back the harbour agreement"
# The three claims: (quote, which occurrence, what the curator types or picks on the stock
# path). On the desk the quote comes from the selection and the rest from the extractor's
# suggestions; only the statement is typed.
CLAIMS = [
    {
        "quote": REPEATED,
        "nth": 2,
        "kind": "percentage",
        "value": "62",
        "unit": "percent",
        "modality": "asserted",
        "statement": "62% of residents back the harbour agreement.",
    },
    {
        "quote": "about 40 square kilometres of silt per year",
        "nth": 1,
        "kind": "area_rate",
        "value": "40",
        "unit": "km2/year",
        "modality": "estimated",
        "statement": "Dredging clears about 40 km² of silt a year, port officials estimate.",
    },
    {
        "quote": "About 1,200 dock workers",
        "nth": 1,
        "kind": "count",
        "value": "1200",
        "unit": "count",
        "modality": "reported",
        "statement": "About 1,200 dock workers are employed at the port.",
    },
]

# Counts what a person does, in every document the tab loads.
COUNTER = """(() => {
  const report = (kind) => window.__deskCount(kind);
  const isField = (el) =>
    el.matches("input:not([type=submit]):not([type=button]), textarea, select");
  document.addEventListener("mousedown", (e) => {
    if (!e.isTrusted || e.button !== 0) return;
    report("clicks");
    if (e.target.matches && isField(e.target)) report("of which into a field");
  }, true);
  // A field counts once each time it is focused and typed into.
  document.addEventListener("focusin", (e) => { e.target.deskTyped = false; }, true);
  document.addEventListener("input", (e) => {
    const el = e.target;
    if (!el.matches || !el.matches("input, textarea")) return;
    if (["checkbox", "radio"].includes(el.type)) return;
    if (!el.deskTyped) { el.deskTyped = true; report("typed fields"); }
  }, true);
  document.addEventListener("change", (e) => {
    if (e.target.matches && e.target.matches("select")) report("selects");
  }, true);
})();"""
MEASURES = ("clicks", "of which into a field", "typed fields", "selects", "page loads")


@dataclass
class Server:
    """The project served by runserver over its own database, for this run only."""

    port: int
    env: dict[str, str]
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> None:
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        # As `make run` serves: static files collected, WhiteNoise, gunicorn.
        self.manage("collectstatic", "--noinput")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "project.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers", "2"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    def stop(self) -> None:
        if self.process:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=10)


def counted_page(browser: Any, base: str, width: int = 1366) -> tuple[Any, Counter]:
    counts: Counter = Counter()
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    sign_in(page, base, "cora")
    context.expose_binding("__deskCount", lambda _source, kind: counts.update([kind]))
    context.add_init_script(COUNTER)
    page.on("load", lambda _page: counts.update(["page loads"]))
    page.goto(f"{base}/admin/")
    return page, counts


def type_into(page: Any, selector: str, text: str) -> None:
    """As a person with a mouse: click into the field, then type (pasting counts as typing)."""
    page.click(selector)
    page.fill(selector, text)


def add_source(page: Any, title: str, button: str) -> None:
    page.click("a[href$='/admin/claims/source/add/']")
    type_into(page, "#id_title", title)
    type_into(page, "#id_text", ARTICLE)
    page.click(button)
    page.wait_for_load_state()


def desk_path(browser: Any, base: str) -> Counter:
    page, counts = counted_page(browser, base)
    add_source(page, "Harbour talks (desk)", "input[name=_opendesk]")
    for n, claim in enumerate(CLAIMS, start=1):
        drag_select(page, claim["quote"], claim["nth"])
        page.wait_for_selector("#desk-suggested", state="visible")
        type_into(page, "#id_statement", claim["statement"])
        page.keyboard.press("Enter")  # the statement is one line: Enter saves
        page.wait_for_function(
            "n => document.querySelectorAll('#desk-list .desk-item').length === n", arg=n
        )
    page.context.close()
    return counts


def autocomplete(page: Any, field: str, option: str) -> None:
    """Choose in an admin autocomplete: open it, click the option."""
    page.click(f"#{field} + .select2 .select2-selection")
    page.click(f".select2-results__option:has-text('{option}')")


def stock_path(browser: Any, base: str) -> Counter:
    page, counts = counted_page(browser, base)
    add_source(page, "Harbour talks (stock)", "input[name=_save]")
    for claim in CLAIMS:
        if "/admin/claims/claim/" not in page.url:  # from the sources list: to the claims
            page.click(".breadcrumbs a[href$='/admin/claims/']")
            page.click("a[href$='/admin/claims/claim/add/']")
        else:
            page.click(".object-tools a.addlink")
        page.select_option("#id_kind", claim["kind"])
        type_into(page, "#id_statement", claim["statement"])
        type_into(page, "#id_value", claim["value"])
        type_into(page, "#id_unit", claim["unit"])
        page.select_option("#id_modality", claim["modality"])
        autocomplete(page, "id_citations-0-source", "Harbour talks (stock)")
        type_into(page, "#id_citations-0-quote", claim["quote"])
        page.click("input[name=_save]")
        page.wait_for_load_state()
        if claim["nth"] > 1:  # the quote repeats: choose the occurrence
            page.locator("button[name='citations-0-occurrence']").nth(claim["nth"] - 1).click()
            page.wait_for_load_state()
        page.wait_for_url("**/admin/claims/claim/")
    page.context.close()
    return counts


def outcome(title: str) -> list[tuple[Any, ...]]:
    from claims.models import Citation

    return sorted(
        (
            c.claim.kind,
            c.claim.value.normalize(),
            c.claim.unit,
            c.claim.claimant_id,
            c.claim.modality,
            c.claim.statement,
            c.claim.status,
            c.start,
            c.end,
        )
        for c in Citation.objects.filter(source__title=title).select_related("claim")
    )


def screenshots(browser: Any, base: str, folder: Path) -> None:
    """The desk on the seed article: at 1366 px citing a selection, at 1920 px a claim's card."""
    from claims.models import Source

    source = Source.objects.get(title__startswith="Russia-Ukraine War")
    desk = f"{base}/admin/claims/source/{source.pk}/desk/"
    for width, name in ((1366, "desk-1366.png"), (1920, "desk-1920.png")):
        context = browser.new_context(viewport={"width": width, "height": 1000})
        page = context.new_page()
        sign_in(page, base, "cora")
        page.goto(desk)
        if width == 1366:  # words selected in the first screen: the form, prefilled
            drag_select(page, "a demilitarized zone in its eastern regions")
            page.wait_for_selector("#desk-suggested", state="visible")
            page.evaluate("window.scrollTo(0, 0)")
        else:  # a candidate's card, over text with overlapping quotes
            mark = page.locator("#desk-text mark.s-candidate").first
            mark.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, 220)")
            mark.hover()
            page.wait_for_selector("#desk-card", state="visible")
        page.screenshot(path=str(folder / name))
        print(f"wrote {folder / name}")
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8131)
    parser.add_argument("--screenshots", type=Path, help="write desk-1366/1920.png here")
    args = parser.parse_args()
    reason = missing_browser()
    if reason:
        sys.exit(reason)

    folder = tempfile.mkdtemp(prefix="desk-clicks-")
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/db.sqlite3",
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "THROTTLE_USER": "off",
        "THROTTLE_ANON": "off",
        "THROTTLE_WRITE": "off",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",  # the ORM below runs beside Playwright's loop
    }
    os.environ.update(env)
    server = Server(args.port, env)
    server.manage("migrate", "--noinput")
    server.manage("loaddata", "fixtures/seed.json")
    server.env["CURATOR_PASSWORD"] = PASSWORD
    server.manage("create_curator", "cora")
    server.start()

    import django

    django.setup()
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            desk = desk_path(browser, server.base)
            stock = stock_path(browser, server.base)
            assert outcome("Harbour talks (desk)") == outcome("Harbour talks (stock)"), (
                "the two paths must end with the same claims"
            )
            if args.screenshots:
                from claims.extraction.propose import propose_claims
                from claims.models import Source

                propose_claims(Source.objects.get(title__startswith="Russia-Ukraine War"))
                screenshots(browser, server.base, args.screenshots)
            browser.close()
    finally:
        server.stop()

    print(f"{'add a source, cite three claims':34} {'desk':>6} {'stock':>6} {'desk/stock':>11}")
    for measure in MEASURES:
        ratio = desk[measure] / stock[measure] if stock[measure] else float("nan")
        print(f"{measure:34} {desk[measure]:6d} {stock[measure]:6d} {ratio:11.2f}")
    paths = (("desk", desk), ("stock", stock))
    buttons = {p: c["clicks"] - c["of which into a field"] for p, c in paths}
    print(
        f"{'clicks on buttons and text only':34} {buttons['desk']:6d} {buttons['stock']:6d} "
        f"{buttons['desk'] / buttons['stock']:11.2f}"
    )
    worse = [m for m in ("clicks", "typed fields", "page loads") if desk[m] * 2 > stock[m]]
    if worse:
        sys.exit(f"the desk needs more than half of the stock path's {', '.join(worse)}")


if __name__ == "__main__":
    main()
