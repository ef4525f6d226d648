// Draws each chart of the page from its inline Vega spec (compiled from Vega-Lite when the report
// was built) when it comes near the screen; printing draws every chart first. A chart is drawn in
// its wide layout where that fits its box, else in its narrow one, and again when its box changes
// width across that line.
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
  // Each box counts once, at its first drawing (or failure); redrawing does not count.
  function counted(box) {
    if (box.hpCounted) return;
    box.hpCounted = true;
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
  // Draws `box` in the layout that suits it now; a change of width while it is being drawn is
  // looked at once it is done.
  function render(box) {
    var target = box.querySelector(".hp-vega-view");
    box.hpBusy = true;
    queue = queue.then(function () {
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
      box.setAttribute("data-rendered", "true");
    }, function (err) {
      // The chart's numbers take its place.
      var numbers = box.nextElementSibling;
      if (numbers && numbers.matches("details.hp-chart-data")) numbers.open = true;
      box.setAttribute("data-rendered", "error");
      window.hpRecordError(err);
    }).then(function () {
      counted(box);
      box.hpBusy = false;
      if (box.hpStale) { box.hpStale = false; relayout(box); }
    });
    return queue;
  }
  function draw(box) {
    if (!box.hpDone) box.hpDone = render(box);
    return box.hpDone;
  }
  function relayout(box) {
    if (!box.hpDone || box.getAttribute("data-rendered") === "error") return;
    if (box.hpBusy) { box.hpStale = true; return; }
    box.hpPayload.then(function (data) {
      var now = box.getAttribute("data-hp-layout") === "narrow" ? 1 : 0;
      if (layout(box, data) !== now) render(box);
    });
  }
  function drawAll() {
    return Promise.all(boxes.map(draw));
  }
  window.hpDrawAll = drawAll;
  status();
  if (!boxes.length) return;
  window.addEventListener("beforeprint", drawAll);
  // A box that changes width (window resized, phone turned, page zoomed) may need the other layout.
  var waiting = null;
  function soon() {
    clearTimeout(waiting);
    waiting = setTimeout(function () { boxes.forEach(relayout); }, 150);
  }
  // (Boxes in sections the browser skips while off screen, `content-visibility: auto`, report no
  // size changes until shown, so window resizes are watched too.)
  window.addEventListener("resize", soon);
  if ("ResizeObserver" in window) {
    var widths = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) {
        var width = Math.round(entry.contentRect.width);
        if (entry.target.hpWidth !== undefined && entry.target.hpWidth !== width) soon();
        entry.target.hpWidth = width;
      });
    });
    boxes.forEach(function (box) { widths.observe(box); });
  }
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
