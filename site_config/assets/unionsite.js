/* Small enhancements for pages made from records. Every page works without this script:
 * it adds filtering and sorting, and recomputes date-dependent badges for the reader's day,
 * since a static page may be read long after it was built. */
(function () {
  "use strict";

  /* Today's date in China (UTC+8), as YYYY-MM-DD, whatever the reader's time zone. */
  function chinaToday() {
    var now = new Date(Date.now() + 8 * 3600 * 1000);
    return now.toISOString().slice(0, 10);
  }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to) - Date.parse(from)) / 86400000);
  }

  function updatePublicity(today) {
    document.querySelectorAll("[data-us-publicity]").forEach(function (badge) {
      var start = badge.getAttribute("data-start");
      var end = badge.getAttribute("data-end");
      var state = today < start ? "pending" : today <= end ? "open" : "closed";
      var text = { pending: "未开始", open: "公示中", closed: "已结束" }[state];
      if (state === "open") {
        text += "，还有 " + (daysBetween(today, end) + 1) + " 天";
      }
      badge.textContent = text;
      badge.className = "us-publicity us-publicity--" + state;
    });
    document.querySelectorAll("[data-us-publicity-item]").forEach(function (item) {
      if (item.getAttribute("data-end") < today) {
        item.hidden = true;
      }
    });
  }

  function updateToday(today) {
    document.querySelectorAll("[data-us-today]").forEach(function (element) {
      var parts = today.split("-");
      var weekday = "日一二三四五六".charAt(new Date(Date.parse(today)).getUTCDay());
      element.setAttribute("datetime", today);
      element.textContent = Number(parts[0]) + "年" + Number(parts[1]) + "月" + Number(parts[2]) + "日（周" + weekday + "）";
    });
    document.querySelectorAll("[data-us-upcoming][data-end]").forEach(function (item) {
      if (item.getAttribute("data-end") < today) {
        item.hidden = true;
      }
    });
  }

  function updateDeadlines(today) {
    document.querySelectorAll("[data-us-deadline]").forEach(function (flag) {
      flag.hidden = !(flag.getAttribute("data-us-deadline") < today);
    });
    document.querySelectorAll("[data-when][data-end]").forEach(function (item) {
      item.setAttribute("data-when", item.getAttribute("data-end") < today ? "past" : "upcoming");
    });
  }

  function setUpFilters(scope) {
    var target = document.querySelector(scope.getAttribute("data-us-filter-scope"));
    if (!target) {
      return;
    }
    var selects = scope.querySelectorAll("select[data-us-filter]");
    var counter = scope.querySelector(".us-filter-count");
    var items = target.querySelectorAll("li, tbody tr");
    function apply() {
      var shown = 0;
      items.forEach(function (item) {
        var visible = Array.prototype.every.call(selects, function (select) {
          return !select.value || item.getAttribute("data-" + select.getAttribute("data-us-filter")) === select.value;
        });
        item.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      target.querySelectorAll("ul").forEach(function (list) {
        var empty = !list.querySelector("li:not([hidden])");
        list.hidden = empty;
        var heading = list.previousElementSibling;
        if (heading && /^H[2-4]$/.test(heading.tagName)) {
          heading.hidden = empty;
        }
      });
      if (counter) {
        counter.textContent = "显示 " + shown + " / " + items.length + " 项";
      }
    }
    selects.forEach(function (select) {
      select.addEventListener("change", apply);
    });
    apply();
  }

  function setUpSorting(table) {
    var headers = table.querySelectorAll("th[data-us-sort]");
    headers.forEach(function (header, column) {
      var index = Array.prototype.indexOf.call(header.parentNode.children, header);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "us-sort";
      button.textContent = header.textContent;
      button.setAttribute("aria-label", header.textContent + "，点击排序");
      header.textContent = "";
      header.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = header.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = header.getAttribute("data-us-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim();
          var y = b.cells[index].textContent.trim();
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, "zh-Hans-CN");
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
      return column;
    });
  }

  /* The theme's search dialog has no accessible name; screen readers announce it as "搜索". */
  function nameSearchDialog() {
    document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "搜索");
    });
  }

  function start() {
    var today = chinaToday();
    nameSearchDialog();
    updateToday(today);
    updatePublicity(today);
    updateDeadlines(today);
    document.querySelectorAll("[data-us-filter-scope]").forEach(setUpFilters);
    document.querySelectorAll("table.us-sortable").forEach(setUpSorting);
    document.querySelectorAll("[data-us-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
