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
  // A box's specs (helpers.publish.render.vega.chart_payload): base64 of deflated JSON
  // {"specs": [wide, narrow?], "wide": px}.
  function inflated(element) {
    var text = atob(element.textContent.trim());
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate")));
  }
  function payload(box) {
    if (!box.hpPayload) box.hpPayload = inflated(box.querySelector("script.hp-spec")).json();
    return box.hpPayload;
  }
  // The Vega library ships deflated too (helpers.publish.render.vega.runtime_element): inflated and run
  // once, before the first chart is drawn.
  function runtime() {
    var element = document.getElementById("hp-vega-runtime");
    if (window.vega || !element) return Promise.resolve();
    return Promise.resolve().then(function () {   // a failure here is one for each chart to show
      return inflated(element).text();
    }).then(function (code) {
      var script = document.createElement("script");
      script.textContent = code;
      document.head.appendChild(script);
    });
  }
  // The wide layout where it fits the box, else the narrow one (when the chart has one).
  function layout(box, data) {
    return data.specs.length > 1 && box.clientWidth < data.wide ? 1 : 0;
  }
  // One chart at a time, in the order they come into view: the first one is drawn soonest.
  // The chart font is in the page (helpers.publish.render.webfonts); charts are measured once it is ready.
  var fonts = document.fonts && document.fonts.load
    ? Promise.all([document.fonts.load('11px "Noto Sans"'), document.fonts.load('bold 11px "Noto Sans"')])
        .catch(function () {})  // without the font the charts are still drawn
    : Promise.resolve();
  var queue = Promise.all([fonts, runtime()]);
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
      tooltips(box, box.hpView);
      box.setAttribute("data-hp-layout", which ? "narrow" : "wide");
      return box.hpView.runAsync();
    }).then(function () {
      focusablePoints(box, box.hpView);
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
  // Tooltips in a box of the page's own (not the browser's slow title tooltip): shown on hover,
  // on a tap (touch screens: it stays until the next tap) and when a point has the keyboard focus;
  // Escape hides it. The text is the chart's own, already formatted when the report was built.
  var tip = null, pinned = null;
  function tipText(value) {
    if (value === null || value === undefined) return [];
    if (typeof value !== "object") return [["", String(value)]];
    return Object.keys(value).filter(function (k) {
      return value[k] !== null && value[k] !== undefined && String(value[k]) !== "";
    }).map(function (k) { return [k, String(value[k])]; });
  }
  function hideTip() {
    if (tip) tip.hidden = true;
  }
  function showTip(rect, value) {
    var rows = tipText(value);
    if (!rows.length) { hideTip(); return; }
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "hp-tip";
      tip.setAttribute("aria-hidden", "true");  // points carry the same text as their label
      document.body.appendChild(tip);
    }
    tip.textContent = "";
    rows.forEach(function (row) {
      var line = document.createElement("div");
      if (row[0]) {
        var key = document.createElement("span");
        key.className = "hp-tip-key";
        key.textContent = row[0] + ": ";
        line.appendChild(key);
      }
      line.appendChild(document.createTextNode(row[1]));
      tip.appendChild(line);
    });
    tip.hidden = false;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    var x = rect.right + 10, y = rect.top - h - 6;
    if (x + w > vw - 4) x = Math.max(4, rect.left - w - 10);
    if (y < 4) y = Math.min(vh - h - 4, rect.bottom + 6);
    tip.style.left = Math.round(x) + "px";
    tip.style.top = Math.round(y) + "px";
  }
  function itemRect(item, event) {
    if (item && item._svg && item._svg.getBoundingClientRect) return item._svg.getBoundingClientRect();
    var x = event ? event.clientX : 0, y = event ? event.clientY : 0;
    return { left: x, right: x, top: y, bottom: y };
  }
  function tooltips(box, view) {
    view.tooltip(function (handler, event, item, value) {
      if (value === null || value === undefined) {
        if (pinned && pinned.view === view) return;
        hideTip();
      } else if (!pinned || pinned.view !== view) {
        showTip(itemRect(item, event), value);
      }
    });
    view.addEventListener("click", function (event, item) {
      if (item && item.tooltip !== undefined && item.tooltip !== null) {
        pinned = { view: view, item: item };
        showTip(itemRect(item, event), item.tooltip);
      } else {
        pinned = null;
        hideTip();
      }
    });
  }
  // Every data point with a tooltip can take the keyboard focus: Tab reaches the chart's first
  // point, the arrow keys go from point to point (left to right), and the point's label is its
  // tooltip text.
  function focusablePoints(box, view) {
    // Vega's own ARIA words (English, "group mark container") are left out: the box is named by
    // the chart's alt text and each data point by its tooltip text.
    Array.prototype.forEach.call(box.querySelectorAll(".hp-vega-view [aria-roledescription], "
        + ".hp-vega-view [aria-label], .hp-vega-view [role]"), function (el) {
      el.removeAttribute("aria-roledescription");
      el.removeAttribute("aria-label");
      el.removeAttribute("role");
    });
    var points = [];
    (function walk(mark) {
      (mark.items || []).forEach(function (item) {
        if (mark.marktype === "group") {
          (item.items || []).forEach(walk);
        } else if (mark.role === "mark" && (mark.marktype === "symbol" || mark.marktype === "rect")
                   && item.tooltip && item._svg && tipText(item.tooltip).length) {
          points.push(item);
        }
      });
    })(view.scenegraph().root);
    if (!points.length) return;
    var boxes = points.map(function (item) { return item._svg.getBoundingClientRect(); });
    var order = points.map(function (_, i) { return i; }).sort(function (a, b) {
      var ax = boxes[a].left + boxes[a].width / 2, bx = boxes[b].left + boxes[b].width / 2;
      return Math.abs(ax - bx) > 0.5 ? ax - bx : boxes[a].top - boxes[b].top;
    });
    points = order.map(function (i) { return points[i]; });
    // The box holds points a reader can reach now: a group named by the chart's alt text.
    box.setAttribute("role", "group");
    points.forEach(function (item, i) {
      var el = item._svg;
      el.setAttribute("tabindex", i === 0 ? "0" : "-1");
      el.setAttribute("role", "img");
      el.setAttribute("aria-label", tipText(item.tooltip).map(function (r) {
        return r[0] ? r[0] + ": " + r[1] : r[1];
      }).join("; "));
      el.addEventListener("focus", function () {
        pinned = null;
        showTip(el.getBoundingClientRect(), item.tooltip);
      });
      el.addEventListener("blur", hideTip);
      el.addEventListener("keydown", function (event) {
        var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
        if (event.key === "Escape") { hideTip(); return; }
        if (!step) return;
        event.preventDefault();
        var next = points[Math.min(points.length - 1, Math.max(0, i + step))]._svg;
        el.setAttribute("tabindex", "-1");
        next.setAttribute("tabindex", "0");
        next.focus();
      });
    });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { pinned = null; hideTip(); }
  });
  window.addEventListener("scroll", function () {
    if (pinned) showTip(itemRect(pinned.item), pinned.item.tooltip); else hideTip();
  }, { passive: true });
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
