// Light or dark theme: the reader's choice (kept in localStorage) or else the system's
// prefers-color-scheme. Loaded in <head>, before the body is drawn, so a page never flashes the
// other theme. Without JavaScript the stylesheet still follows prefers-color-scheme.
(function () {
  "use strict";
  var KEY = "upt-theme";
  var root = document.documentElement;
  var media = window.matchMedia("(prefers-color-scheme: dark)");

  function saved() {
    try {
      return localStorage.getItem(KEY);
    } catch (error) {
      return null; // storage can be off (private windows, some file:// setups)
    }
  }

  function isDark() {
    return root.dataset.theme ? root.dataset.theme === "dark" : media.matches;
  }

  function changed() {
    document.querySelectorAll(".theme-toggle").forEach(function (button) {
      button.setAttribute("aria-pressed", String(isDark()));
    });
    document.dispatchEvent(new CustomEvent("upt:themechange"));
  }

  var choice = saved();
  if (choice === "light" || choice === "dark") {
    root.dataset.theme = choice;
  }
  media.addEventListener("change", function () {
    if (!root.dataset.theme) {
      changed();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".theme-toggle").forEach(function (button) {
      button.hidden = false;
      button.setAttribute("aria-pressed", String(isDark()));
      button.addEventListener("click", function () {
        var next = isDark() ? "light" : "dark";
        root.dataset.theme = next;
        try {
          localStorage.setItem(KEY, next);
        } catch (error) {
          // the choice then lasts for this page only
        }
        changed();
      });
    });
  });
})();
