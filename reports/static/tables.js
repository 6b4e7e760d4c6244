// Sortable tables: each column heading of a table.sortable becomes a button that sorts the rows
// by the cells' data-sort values (raw numbers and ISO dates, so 9 sorts before 10 and months in
// time order). Rows sort within their group (tbody); empty cells go last.
(function () {
  "use strict";

  function sortValue(row, index) {
    var cell = row.children[index];
    if (!cell) {
      return "";
    }
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim() : value;
  }

  function compare(a, b, ascending) {
    if (a === b) {
      return 0;
    }
    if (a === "" || b === "") {
      return a === "" ? 1 : -1;
    }
    var x = Number(a);
    var y = Number(b);
    var order = !isNaN(x) && !isNaN(y) ? x - y : a.localeCompare(b);
    return ascending ? order : -order;
  }

  function sortBy(table, index, header) {
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("thead th").forEach(function (th) {
      th.removeAttribute("aria-sort");
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = Array.prototype.filter.call(body.rows, function (row) {
        return !row.classList.contains("group-row");
      });
      rows.sort(function (a, b) {
        return compare(sortValue(a, index), sortValue(b, index), ascending);
      });
      rows.forEach(function (row) {
        body.appendChild(row);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      table.querySelectorAll("thead th").forEach(function (header, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort-button";
        while (header.firstChild) {
          button.appendChild(header.firstChild);
        }
        header.appendChild(button);
        button.addEventListener("click", function () {
          sortBy(table, index, header);
        });
      });
    });
  });
})();
