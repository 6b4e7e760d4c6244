// Draws every chart on a page with Vega-Lite through vega-embed (assets/vendor/vega-embed.js,
// loaded just before this file). Each chart's spec sits in a JSON data block beside its canvas;
// colours in a spec are CSS custom properties ("--accent") resolved against the current theme, so
// charts redraw when the theme changes. Expressions run in Vega's interpreter (ast: true), so the
// page's content security policy needs no eval.
(function () {
  "use strict";
  var views = [];

  function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // Swap "--name" strings for the theme's colour everywhere but in the data itself.
  function resolve(node) {
    if (typeof node === "string") {
      return node.indexOf("--") === 0 ? cssVar(node) || node : node;
    }
    if (Array.isArray(node)) {
      return node.map(resolve);
    }
    if (node && typeof node === "object") {
      var out = {};
      Object.keys(node).forEach(function (key) {
        out[key] = key === "values" ? node[key] : resolve(node[key]);
      });
      return out;
    }
    return node;
  }

  function themeConfig() {
    var muted = cssVar("--muted");
    var strong = cssVar("--line-strong");
    return {
      background: "transparent",
      font: cssVar("--font"),
      aria: false, // the canvas is role="img" with alt text; the data table is the fallback
      view: { stroke: null },
      axis: {
        labelColor: muted,
        titleColor: muted,
        gridColor: cssVar("--line"),
        domainColor: strong,
        tickColor: strong,
        labelFontSize: 11,
        titleFontSize: 12,
        titleFontWeight: 600,
      },
      legend: { labelColor: cssVar("--fg"), titleColor: muted, labelFontSize: 12 },
      title: { color: cssVar("--fg") },
    };
  }

  function draw() {
    views.forEach(function (view) {
      view.finalize();
    });
    views = [];
    var dark = document.documentElement.dataset.theme
      ? document.documentElement.dataset.theme === "dark"
      : window.matchMedia("(prefers-color-scheme: dark)").matches;
    var options = {
      actions: false,
      renderer: "svg",
      ast: true,
      // node links in a spec are written from the site root; this page's way back to it
      loader: { baseURL: document.documentElement.getAttribute("data-root") || "" },
      tooltip: { theme: dark ? "dark" : "light" },
    };
    document.querySelectorAll(".chart").forEach(function (chart) {
      var block = chart.querySelector("script.chart-spec");
      var canvas = chart.querySelector(".chart-canvas");
      if (!block || !canvas) {
        return;
      }
      var spec = resolve(JSON.parse(block.textContent));
      spec.config = themeConfig();
      window
        .vegaEmbed(canvas, spec, options)
        .then(function (result) {
          // The canvas is the accessible image (role="img" and its alt text); Vega's own SVG
          // roles inside it would only repeat it, so assistive technology skips the drawing.
          canvas.querySelectorAll("svg").forEach(function (svg) {
            svg.setAttribute("aria-hidden", "true");
          });
          views.push(result);
        })
        .catch(function (error) {
          console.error("A chart could not be drawn:", error);
          canvas.textContent = "This chart could not be drawn; its data table is below.";
        });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.addEventListener("upt:themechange", draw);
})();
