// «Forlat siden»: the link works on its own; this replaces the history entry, so
// Back does not return here, and adds Esc as a shortcut.
(function () {
  "use strict";
  var link = document.getElementById("forlat-siden");
  if (!link) {
    return;
  }
  function leave(event) {
    if (event) {
      event.preventDefault();
    }
    document.body.hidden = true;
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      leave(event);
    }
  });
  var hint = document.querySelector(".forlat-siden__esc");
  if (hint) {
    hint.hidden = false;
  }
})();
