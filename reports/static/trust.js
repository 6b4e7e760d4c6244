// The quality gate's banner. data-trust/status.js (loaded just before) sets window.uptTrust; when
// the gate blocked after this page was built, the banner says so and links to the data-trust page.
// Everything from the status goes in as text, never as markup.
(function () {
  "use strict";
  var trust = window.uptTrust;
  var banner = document.querySelector(".trust-banner");
  if (!trust || !banner || trust.state !== "blocked") {
    return;
  }
  var root = document.documentElement.getAttribute("data-root") || "";
  var failed = trust.failed || [];
  var names = failed
    .map(function (check) {
      return check.relation || check.check;
    })
    .filter(function (name, index, all) {
      return name && all.indexOf(name) === index;
    });
  var text =
    "Data quality gate failed" +
    (trust.since ? " since " + trust.since.replace("T", " ").replace("+00:00", " UTC") : "") +
    ": " +
    failed.length +
    " check(s) on " +
    (names.slice(0, 3).join(", ") || "the warehouse") +
    (names.length > 3 ? " and more" : "") +
    ". The figures shown are from the last build that passed. ";
  banner.appendChild(document.createTextNode(text));
  var link = document.createElement("a");
  link.href = root + "data-trust/index.html";
  link.textContent = "What failed";
  banner.appendChild(link);
  banner.hidden = false;
})();
