/* The admin's autocomplete widgets (select2) come without an accessible name: their
   combobox is labelled only by the current choice, an empty choice and the search box not at
   all. Name them after the field's own label, whenever select2 draws them. */
"use strict";

(() => {
  function nameAutocompletes(root) {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      const label = document.querySelector(`label[for="${select.id}"]`);
      const widget = select.nextElementSibling;
      if (!label || !widget || !widget.classList.contains("select2")) continue;
      if (!label.id) label.id = `${select.id}-label`;
      const name = label.textContent.replace(/:\s*$/, "").trim();
      for (const box of widget.querySelectorAll('[role="combobox"]')) {
        const current = box.getAttribute("aria-labelledby") || "";
        if (!current.split(" ").includes(label.id)) {
          box.setAttribute("aria-labelledby", `${label.id} ${current}`.trim());
        }
      }
      for (const shown of widget.querySelectorAll('[role="textbox"]')) {
        // An empty choice is named after the field; a made one speaks for itself.
        if (shown.textContent.trim()) shown.removeAttribute("aria-label");
        else shown.setAttribute("aria-label", name);
      }
      for (const search of widget.querySelectorAll(".select2-search__field")) {
        search.setAttribute("aria-label", `Search: ${name}`);
      }
    }
  }

  // select2 draws its widgets after the page loads and draws them anew on every change:
  // name whatever it drew, once per frame.
  let queued = false;
  const later = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; nameAutocompletes(document); });
  };
  document.addEventListener("DOMContentLoaded", () => {
    nameAutocompletes(document);
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
