/* The curators' desk (claims/desk.py renders the page; this script only reads and posts).

   - Offsets: the server escapes the text so the page's text nodes hold exactly the source's
     characters. A boundary's offset is the length of the text before it, converted from
     JavaScript's UTF-16 units to code points (how Python, and so the ledger, counts).
   - Selecting words (mouse, or "Find" with the keyboard) opens the form, prefilled with the
     quote, its offsets and the extractor's suggestions; saving posts it and redraws the
     text and the list from the server's page, without leaving it.
   - Hovering or focusing a highlight shows its claims (cloned from the side list). */
"use strict";

(() => {
  const desk = document.getElementById("desk");
  if (!desk) return;
  const $ = (id) => document.getElementById(id);
  const form = $("desk-cite-form");
  const textEl = () => $("desk-text");
  const fullText = () => textEl().textContent;
  let pending = null; // the words to cite: {start, end} in UTF-16 units of fullText()
  let touched = new Set(); // fields the curator changed: suggestions never overwrite them
  let opened = 0; // which opening of the form a suggestion answers

  // --- offsets -------------------------------------------------------------------------
  const codePoints = (s) => {
    let n = 0;
    for (const _ of s) n += 1;
    return n;
  };
  const toCodePoints = (units) => codePoints(fullText().slice(0, units));

  function unitsBefore(node, offset) {
    const range = document.createRange();
    range.setStart(textEl(), 0);
    range.setEnd(node, offset);
    return range.toString().length; // Range#toString: the text nodes' data, no rendering
  }

  function selectionSpan() {
    const sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const text = textEl();
    if (!range.intersectsNode(text)) return null;
    const all = document.createRange();
    all.selectNodeContents(text);
    const full = fullText();
    let start = range.compareBoundaryPoints(Range.START_TO_START, all) < 0
      ? 0 : unitsBefore(range.startContainer, range.startOffset);
    let end = range.compareBoundaryPoints(Range.END_TO_END, all) > 0
      ? full.length : unitsBefore(range.endContainer, range.endOffset);
    while (start < end && /\s/.test(full[start])) start += 1; // a drag often takes a space
    while (end > start && /\s/.test(full[end - 1])) end -= 1;
    return start < end ? { start, end } : null;
  }

  function rangeOf(span) {
    const walker = document.createTreeWalker(textEl(), NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let seen = 0;
    let startSet = false;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const len = node.data.length;
      if (!startSet && span.start <= seen + len) {
        range.setStart(node, span.start - seen);
        startSet = true;
      }
      if (startSet && span.end <= seen + len) {
        range.setEnd(node, span.end - seen);
        return range;
      }
      seen += len;
    }
    return range;
  }

  function setPending(span, { select = true } = {}) {
    pending = span;
    const range = rangeOf(span);
    if (window.CSS && CSS.highlights) CSS.highlights.set("desk-pending", new Highlight(range));
    if (select) {
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
    }
    const box = range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) {
      window.scrollBy({ top: box.top - window.innerHeight / 3 });
    }
  }

  function clearPending() {
    pending = null;
    if (window.CSS && CSS.highlights) CSS.highlights.delete("desk-pending");
  }

  function occurrences(words) {
    const full = fullText();
    const found = [];
    for (let at = full.indexOf(words); at !== -1; at = full.indexOf(words, at + 1)) found.push(at);
    return found;
  }

  // --- finding words with the keyboard -----------------------------------------------------
  const say = (message) => { const s = $("desk-find-status"); if (s) s.textContent = message; };
  const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

  function find(step) {
    const words = $("desk-find").value.trim();
    if (!words) { say("Type the words to find."); return; }
    // Any run of whitespace in the words matches any run in the text (line breaks too).
    const pattern = new RegExp(words.split(/\s+/).map(escapeRe).join("\\s+"), "gi");
    const hits = [...fullText().matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    if (!hits.length) { say(`“${words}” is not in the text.`); return; }
    const from = pending ? pending.start : -1;
    let n = step > 0 ? hits.findIndex((h) => h.start > from) : hits.findLastIndex((h) => h.start < from);
    if (n === -1) n = step > 0 ? 0 : hits.length - 1; // wrap around
    setPending(hits[n], { select: false });
    say(`${n + 1} of ${hits.length} — Alt+C cites it`);
  }

  // --- the form ------------------------------------------------------------------------------
  function showErrors(errors) {
    for (const [name, messages] of Object.entries(errors)) {
      const list = $(`desk-error-${name}`) || $("desk-errors-all");
      list.replaceChildren(...messages.map((m) => {
        const li = document.createElement(list.tagName === "UL" ? "li" : "p");
        li.textContent = m;
        return li;
      }));
      list.hidden = false;
      const folded = list.closest("details");
      if (folded) folded.open = true;
    }
    const first = form.querySelector(".errorlist:not([hidden]), #desk-errors-all:not([hidden])");
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  function clearErrors() {
    for (const list of form.querySelectorAll(".errorlist, #desk-errors-all")) {
      list.replaceChildren();
      list.hidden = true;
    }
  }

  async function suggest(start, end, ticket) {
    const url = `${desk.dataset.suggestUrl}?start=${start}&end=${end}`;
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok || ticket !== opened) return;
    const { fields } = await response.json();
    for (const [name, value] of Object.entries(fields)) {
      const field = form.elements[name];
      if (!field || touched.has(name)) continue;
      if (field.type === "checkbox") field.checked = Boolean(value);
      else field.value = value;
      field.closest(".desk-field").classList.add("suggested");
    }
    $("desk-suggested").hidden = false;
  }

  function openForm() {
    const span = selectionSpan() || pending;
    if (!span) { say("Select words in the text first: with the mouse, or type them in Find."); return; }
    if (span !== pending) setPending(span, { select: false });
    const full = fullText();
    const quote = full.slice(span.start, span.end);
    const start = toCodePoints(span.start);
    const end = start + codePoints(quote);
    form.reset();
    clearErrors();
    touched = new Set();
    for (const f of form.querySelectorAll(".suggested")) f.classList.remove("suggested");
    $("desk-suggested").hidden = true;
    form.elements.start.value = start;
    form.elements.end.value = end;
    form.elements.quote.value = quote;
    $("desk-cite-quote").textContent = quote;
    const all = occurrences(quote);
    const nth = all.indexOf(span.start) + 1;
    $("desk-cite-where").textContent = `Characters ${start}–${end}` +
      (all.length > 1 ? `: occurrence ${nth} of ${all.length} of these words in the text.` : ".");
    $("desk-cite").hidden = false;
    opened += 1;
    suggest(start, end, opened);
    form.elements.kind.focus();
  }

  function closeForm() {
    $("desk-cite").hidden = true;
    clearPending();
  }

  async function redraw() {
    // The server draws the page; take its text and list as they are now.
    const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const id of ["desk-text", "desk-list"]) {
      const fresh = page.getElementById(id);
      if (fresh) $(id).replaceWith(fresh);
    }
  }

  async function save(event) {
    event.preventDefault();
    clearErrors();
    const button = $("desk-save");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const json = (response.headers.get("Content-Type") || "").includes("application/json");
      const answer = json ? await response.json() : {};
      if (!response.ok) {
        showErrors(answer.errors || {
          __all__: [`The server refused the request (${response.status}); nothing was saved.`],
        });
        return;
      }
      closeForm();
      await redraw();
      const saved = $("desk-saved");
      const link = document.createElement("a");
      link.href = answer.url;
      link.textContent = "Open it";
      saved.replaceChildren(`Saved as a draft: “${answer.saved}”. `, link);
      const mark = $(`q-${answer.citation}`);
      if (mark) { quietFocus = true; mark.focus({ preventScroll: true }); quietFocus = false; }
    } catch (error) {
      showErrors({ __all__: ["The server could not be reached; nothing was saved."] });
    } finally {
      button.disabled = false;
    }
  }

  // --- the card on a highlight -----------------------------------------------------------
  let hideTimer = 0;
  let cardFor = null;
  let quietFocus = false; // focus given back after saving: no card over the text

  function showCard(mark) {
    clearTimeout(hideTimer);
    const card = $("desk-card");
    const claims = mark.dataset.c.split(" ")
      .map((id) => $(`item-${id}`))
      .filter(Boolean)
      .map((item) => item.querySelector(".desk-claim").cloneNode(true));
    card.replaceChildren(...claims);
    card.hidden = false;
    cardFor = mark;
    const host = card.parentElement.getBoundingClientRect();
    const lines = mark.getClientRects();
    const line = lines[lines.length - 1] || mark.getBoundingClientRect();
    card.style.top = `${line.bottom - host.top + 8}px`;
    card.style.left = `${Math.max(0, Math.min(line.left - host.left, host.width - card.offsetWidth))}px`;
  }

  function hideCard(soon = true) {
    clearTimeout(hideTimer);
    const hide = () => { $("desk-card").hidden = true; cardFor = null; };
    if (soon) hideTimer = setTimeout(hide, 250);
    else hide();
  }

  const markAt = (target) => target.closest && target.closest("#desk-text mark.hl");

  desk.addEventListener("mouseover", (e) => {
    const mark = markAt(e.target);
    if (mark) showCard(mark);
    else if (e.target.closest("#desk-card")) clearTimeout(hideTimer);
  });
  desk.addEventListener("mouseout", (e) => {
    if (markAt(e.target) || e.target.closest("#desk-card")) hideCard();
  });
  desk.addEventListener("focusin", (e) => {
    const mark = markAt(e.target);
    if (mark && !quietFocus) showCard(mark);
    else if (e.target.closest("#desk-card")) clearTimeout(hideTimer);
    else if (cardFor) hideCard(false);
  });

  desk.addEventListener("keydown", (e) => {
    const mark = markAt(e.target);
    if (mark && e.key === "Enter") {
      e.preventDefault();
      showCard(mark);
      const first = $("desk-card").querySelector("a, button, summary");
      if (first) first.focus();
    } else if (e.key === "Escape" && cardFor) {
      const back = cardFor;
      hideCard(false);
      back.focus();
    } else if (e.key === "Escape" && e.target.closest("#desk-cite")) {
      closeForm();
    } else if (e.target.id === "desk-find" && e.key === "Enter") {
      e.preventDefault();
      find(e.shiftKey ? -1 : 1);
    }
  });

  // --- selecting, citing, going to a quote -------------------------------------------------
  desk.addEventListener("mouseup", (e) => {
    if (!form || !e.target.closest("#desk-text")) return;
    setTimeout(() => {
      const span = selectionSpan();
      if (span) { setPending(span, { select: false }); openForm(); }
    }, 0);
  });

  document.addEventListener("keydown", (e) => {
    if (form && e.altKey && !e.ctrlKey && !e.metaKey && e.code === "KeyC") {
      e.preventDefault();
      openForm();
    }
  });

  desk.addEventListener("click", (e) => {
    const goto = e.target.closest(".desk-goto");
    if (goto) {
      const mark = $(`q-${goto.dataset.citation}`);
      if (!mark) return;
      e.preventDefault();
      mark.scrollIntoView({ block: "center", behavior: "smooth" });
      mark.focus({ preventScroll: true });
      mark.classList.remove("desk-flash");
      void mark.offsetWidth; // restart the animation
      mark.classList.add("desk-flash");
    } else if (e.target.id === "desk-find-next") {
      find(1);
    } else if (e.target.id === "desk-cite-button") {
      openForm();
    } else if (e.target.id === "desk-cancel") {
      closeForm();
    }
  });

  if (form) {
    form.addEventListener("input", (e) => touched.add(e.target.name));
    form.addEventListener("submit", save);
  }
})();
