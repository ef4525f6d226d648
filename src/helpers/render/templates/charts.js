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
  // A box's specs (helpers.render.vega.chart_payload): base64 of deflated JSON
  // {"specs": [wide, narrow?], "wide": px}.
  function payload(box) {
    if (!box.hpPayload) {
      var text = atob(box.querySelector("script.hp-spec").textContent.trim());
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
      box.hpPayload = new Response(stream).json();
    }
    return box.hpPayload;
  }
  // The wide layout where it fits the box, else the narrow one (when the chart has one).
  function layout(box, data) {
    return data.specs.length > 1 && box.clientWidth < data.wide ? 1 : 0;
  }
  // One chart at a time, in the order they come into view: the first one is drawn soonest.
  // The chart font is in the page (helpers.render.webfonts); charts are measured once it is ready.
  var queue = document.fonts && document.fonts.load
    ? Promise.all([document.fonts.load('11px "Noto Sans"'), document.fonts.load('bold 11px "Noto Sans"')])
        .catch(function () {})  // without the font the charts are still drawn
    : Promise.resolve();
  function draw(box) {
    if (box.hpDrawing) return box.hpDrawing;
    var target = box.querySelector(".hp-vega-view");
    box.hpDrawing = queue = queue.then(function () {
      return payload(box);
    }).then(function (data) {
      var which = layout(box, data);
      if (box.hpView) box.hpView.finalize();
      target.textContent = "";
      box.hpView = new vega.View(vega.parse(data.specs[which]), {
        container: target, renderer: "svg", hover: true, locale: locale
      });
      box.setAttribute("data-hp-layout", which ? "narrow" : "wide");
      return box.hpView.runAsync();
    }).then(function () {
      if (box.getAttribute("data-rendered") !== "true") finish(box, "true");
    }, function (err) {
      // The chart's numbers take its place.
      var numbers = box.nextElementSibling;
      if (numbers && numbers.matches("details.hp-chart-data")) numbers.open = true;
      finish(box, "error");
      window.hpRecordError(err);
    });
    return box.hpDrawing;
  }
  // A drawn chart whose box no longer suits its layout (a phone turned, a window resized) is
  // drawn again in the other one.
  function relayout() {
    boxes.forEach(function (box) {
      if (!box.hpView || !box.hpPayload) return;
      box.hpPayload.then(function (data) {
        var now = box.getAttribute("data-hp-layout") === "narrow" ? 1 : 0;
        if (layout(box, data) !== now) { box.hpDrawing = null; draw(box); }
      });
    });
  }
  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(relayout, 150);
  });
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
