"use strict";
// The admin's autocomplete boxes (select2) show the chosen item in a «textbox»
// that has no name of its own until something is chosen, so a screen reader
// (and axe: aria-input-field-name) meets a nameless field. Each is named by its
// field: the field's aria-label (a tabular row), else its <label>. Boxes made
// later (a new inline row) are named as they appear.
{
  const named = (box) => {
    const select = document.getElementById(
      box.id.replace(/^select2-/, "").replace(/-container$/, ""),
    );
    if (!select) return;
    const label = document.querySelector(`label[for="${select.id}"]`);
    const name =
      select.getAttribute("aria-label") ||
      (label ? label.textContent.replace(/:\s*$/, "").trim() : "");
    if (name) box.setAttribute("aria-label", name);
  };
  const nameAll = () => {
    document
      .querySelectorAll(".select2-selection__rendered[id]:not([aria-label])")
      .forEach(named);
  };
  document.addEventListener("DOMContentLoaded", () => {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {
      childList: true,
      subtree: true,
    });
  });
}
