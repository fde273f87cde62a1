/* The admin's autocomplete widgets (select2) come without an accessible name: their
   combobox is labelled only by the current choice, an empty choice and the search box not at
   all. Name them after the field's own label, on load and whenever an inline form is added. */
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

  window.addEventListener("load", () => nameAutocompletes(document));
  document.addEventListener("formset:added", (event) => {
    setTimeout(() => nameAutocompletes(event.target), 0);
  });
  // select2 draws a multiple choice's search box anew after each change.
  document.addEventListener("change", () => setTimeout(() => nameAutocompletes(document), 0));
})();
