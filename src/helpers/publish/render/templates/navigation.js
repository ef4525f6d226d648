// Moving around the page. The table of contents stands beside the text and stays in view where
// the page is wide enough (report.css, from 1100 px): there it is open; elsewhere it is a one-line
// disclosure that the reader opens. A link to something inside a closed disclosure (a folded
// annex table) opens it.
(function () {
  var wide = window.matchMedia("(min-width: 1100px)");
  var printing = false;  // the printout has the contents whatever the screen's width
  function toc() {
    var details = document.querySelector("nav#TOC details");
    if (details && !printing) details.open = wide.matches;
  }
  window.addEventListener("beforeprint", function () { printing = true; });
  window.addEventListener("afterprint", function () { printing = false; toc(); });
  function reveal(hash) {
    var id = decodeURIComponent((hash || "").replace(/^#/, ""));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) node.open = true;
    }
    return target;
  }
  document.addEventListener("DOMContentLoaded", function () {
    toc();
    if (location.hash && reveal(location.hash)) document.getElementById(
      decodeURIComponent(location.hash.slice(1))).scrollIntoView();
  });
  if (wide.addEventListener) wide.addEventListener("change", toc);
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) reveal(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", function () { reveal(location.hash); });
})();
