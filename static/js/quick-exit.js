// «Forlat siden» (GOV.UK «Exit this page»): the link works on its own, without
// this script. With it, the page is blanked at once and the history entry is
// replaced, so Back does not return here, and Esc does the same from anywhere
// on the page. The hint about Esc is shown only here, where Esc works (slt.css
// shows it only where a keyboard is likely).
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
    document.title = "";
    window.location.replace(link.href);
  }
  link.addEventListener("click", leave);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !event.defaultPrevented) {
      leave(event);
    }
  });
  // A page restored from the back-forward cache must not stay blank.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.body.hidden = false;
    }
  });
  var hint = document.querySelector(".forlat-siden__esc");
  if (hint) {
    hint.hidden = false;
  }
})();
