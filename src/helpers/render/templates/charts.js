// Draws each chart of the page from its inline Vega spec (compiled from Vega-Lite when the report
// was built) when it comes near the screen; printing draws every chart first.
// <html data-hp-charts> counts drawn charts ("3/9") and reads "done" once all are drawn;
// performance mark "hp-first-chart" is the moment the first chart was drawn.
(function () {
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".hp-chart[data-hp-chart]"));
  var root = document.documentElement;
  var drawn = 0;
  var locale = {
    number: { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0₫"] },
    time: __HP_TIME_LOCALE__
  };
  function status() {
    root.setAttribute("data-hp-charts", drawn >= boxes.length ? "done" : drawn + "/" + boxes.length);
  }
  function finish(box, state) {
    box.setAttribute("data-rendered", state);
    drawn += 1;
    if (drawn === 1 && window.performance && performance.mark) performance.mark("hp-first-chart");
    status();
  }
  // One chart at a time, in the order they come into view: the first one is drawn soonest.
  var queue = Promise.resolve();
  function draw(box) {
    if (box.hpDrawing) return box.hpDrawing;
    var target = box.querySelector(".hp-vega-view");
    box.hpDrawing = queue = queue.then(function () {
      var spec = JSON.parse(box.querySelector("script.hp-spec").textContent);
      var view = new vega.View(vega.parse(spec), {
        container: target, renderer: "svg", hover: true, locale: locale
      });
      return view.runAsync();
    }).then(function () {
      finish(box, "true");
    }, function (err) {
      finish(box, "error");
      window.hpRecordError(err);
    });
    return box.hpDrawing;
  }
  function drawAll() {
    return Promise.all(boxes.map(draw));
  }
  window.hpDrawAll = drawAll;
  status();
  if (!boxes.length) return;
  window.addEventListener("beforeprint", drawAll);
  if (!("IntersectionObserver" in window)) { drawAll(); return; }
  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        draw(entry.target);
      }
    });
  }, { rootMargin: "300px 0px" });
  boxes.forEach(function (box) { observer.observe(box); });
})();
