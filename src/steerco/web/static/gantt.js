// The project page's Gantt: keep the keyboard focus on the control that was used when htmx
// swaps the chart, and bring today's line into view. Without JavaScript every control is a
// plain link and the page reads as it is.
(function () {
  "use strict";
  var lastControl = null;

  function scrollToToday(root) {
    var scroller = root.querySelector(".gantt-scroll");
    var mark = root.querySelector("[data-today]");
    if (!scroller || !mark) {
      return;
    }
    var name = scroller.querySelector("th.name");
    var offset = name ? name.getBoundingClientRect().width : 0;
    var box = scroller.getBoundingClientRect();
    var left = mark.getBoundingClientRect().left - box.left + scroller.scrollLeft;
    scroller.scrollLeft = Math.max(0, left - offset - (scroller.clientWidth - offset) / 3);
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var source = event.detail.elt;
    if (source && source.closest && source.closest("#gantt")) {
      lastControl = source.getAttribute("data-testid");
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    var root = document.getElementById("gantt");
    if (!root) {
      return;
    }
    if (lastControl) {
      var again = root.querySelector('[data-testid="' + CSS.escape(lastControl) + '"]');
      if (again) {
        again.focus();
      }
      lastControl = null;
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("gantt");
    if (root) {
      scrollToToday(root);
    }
  });
})();
