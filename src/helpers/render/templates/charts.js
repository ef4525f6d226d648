// Draws every chart of the page from its inline Vega-Lite spec (one shared Vega bundle).
(function () {
  var charts = document.querySelectorAll(".hp-chart[role=img] > .hp-vega-view");
  var pending = charts.length;
  function done() {
    pending -= 1;
    if (pending <= 0) document.documentElement.setAttribute("data-hp-charts", "done");
  }
  if (pending === 0) { done(); return; }
  var options = {
    actions: false,
    renderer: "svg",
    tooltip: true,
    formatLocale: { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0₫"] },
    timeFormatLocale: __HP_TIME_LOCALE__
  };
  charts.forEach(function (view) {
    var box = view.parentNode;
    try {
      var spec = JSON.parse(box.querySelector("script.hp-spec").textContent);
      vegaEmbed(view, spec, options).then(function () {
        box.setAttribute("data-rendered", "true");
        done();
      }).catch(function (err) {
        box.setAttribute("data-rendered", "error");
        window.hpRecordError(err);
        done();
      });
    } catch (err) {
      box.setAttribute("data-rendered", "error");
      window.hpRecordError(err);
      done();
    }
  });
})();
