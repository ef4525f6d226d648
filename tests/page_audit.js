// What a reader's browser shows, measured in the page once every chart is drawn and every
// disclosure is open: sideways overflow, the smallest text (page and charts), the WCAG contrast of
// every text colour and every data-mark colour actually drawn (against the background it is drawn
// on), headings. Returns plain JSON.
(async () => {
  await hpDrawAll();
  // Where the summary (the first section) and its first paragraph stand, as the page opens.
  const first = document.querySelector("main > section");
  const firstScreen = first && [first.id, Math.round(first.getBoundingClientRect().top + scrollY),
    Math.round(first.querySelector("p").getBoundingClientRect().bottom + scrollY), window.innerHeight];
  // Where the key points (the summary's first list) and the overview figure stand, as the page opens.
  const span = el => el && [Math.round(el.getBoundingClientRect().top + scrollY),
    Math.round(el.getBoundingClientRect().bottom + scrollY)];
  const keyPoints = span(first && first.querySelector("ul"));
  const overview = span(document.querySelector("#fig-overview .hp-chart"));
  // The right edge of the scorecard's first status cell, as the table opens (not scrolled
  // sideways): a column of the table, or a line of the first card on a phone.
  const statusCell = document.querySelector('#tbl-scorecard td[data-label="Đánh giá"]');
  const statusRight = statusCell && statusCell.getBoundingClientRect().width ?
    Math.round(statusCell.getBoundingClientRect().right) : null;
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const W = window.innerWidth;
  const root = document.documentElement;
  const WHITE = { r: 255, g: 255, b: 255, a: 1 };
  function parse(c) {
    const m = /rgba?\(([^)]+)\)/.exec(c || "");
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  }
  function blend(fg, bg, alpha) {
    const a = (fg.a === undefined ? 1 : fg.a) * (alpha === undefined ? 1 : alpha);
    return { r: fg.r * a + bg.r * (1 - a), g: fg.g * a + bg.g * (1 - a), b: fg.b * a + bg.b * (1 - a), a: 1 };
  }
  function lum(c) {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  }
  function ratio(a, b) {
    const x = lum(a), y = lum(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  }
  function hex(c) {
    return "#" + [c.r, c.g, c.b].map(v => Math.round(v).toString(16).padStart(2, "0")).join("");
  }
  function background(el) {
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    let bg = WHITE;
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  }
  const out = {
    width: W, scrollWidth: root.scrollWidth, overflowing: [], firstScreen, keyPoints, overview, statusRight,
    minText: null, minChartText: null, textFails: {}, markFails: {}, textColours: {}, markColours: {},
    h1: document.querySelectorAll("h1").length, h2: document.querySelectorAll("main h2").length,
    charts: document.querySelectorAll(".hp-chart[data-hp-chart]").length,
    drawn: document.querySelectorAll('.hp-chart[data-rendered="true"] svg').length,
    // Charts wider than their box (they would scroll inside it), and the layout each one drew.
    chartsScrolling: Array.from(document.querySelectorAll(".hp-chart[data-hp-chart]"))
      .filter(b => b.scrollWidth > b.clientWidth + 0.5)
      .map(b => b.closest(".hp-figure").id + " " + b.scrollWidth + " > " + b.clientWidth),
    layouts: Array.from(document.querySelectorAll(".hp-chart[data-hp-chart]"))
      .map(b => b.getAttribute("data-hp-layout")),
    // The chart font faces loaded from the page itself.
    chartFonts: Array.from(document.fonts).filter(f => f.family.replace(/"/g, "") === "Noto Sans" &&
      f.status === "loaded").map(f => f.weight).sort(),
  };
  // Elements that stick out of the page on the right, outside any scroll box.
  document.querySelectorAll("body *").forEach(el => {
    if (el.closest(".hp-scroll, .hp-chart, pre")) return;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > W + 0.5 && out.overflowing.length < 10)
      out.overflowing.push(el.tagName + (el.id ? "#" + el.id : "") + "." + el.className + " " + Math.round(r.right));
  });
  // Page text (HTML).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || el.closest("script, style, svg, noscript")) continue;
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    const cs = getComputedStyle(el);
    const size = parseFloat(cs.fontSize);
    const bg = background(el);
    const fg = blend(parse(cs.color), bg);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    const r = ratio(fg, bg);
    const key = hex(fg) + " on " + hex(bg);
    out.textColours[key] = Math.round(r * 100) / 100;
    if (r < (large ? 3 : 4.5)) out.textFails[key] = n.textContent.trim().slice(0, 40);
    if (out.minText === null || size < out.minText[0]) out.minText = [size, n.textContent.trim().slice(0, 40)];
  }
  // Chart text and data marks (Vega SVG, on the chart's white background).
  document.querySelectorAll(".hp-chart svg").forEach(svg => {
    svg.querySelectorAll("text").forEach(t => {
      if (!t.textContent.trim()) return;
      // Text Vega hides (an axis label left out for lack of room has opacity 0) is not drawn.
      let shown = 1;
      for (let e = t; e && e !== svg; e = e.parentElement) shown *= Number(getComputedStyle(e).opacity);
      if (shown === 0) return;
      const cs = getComputedStyle(t);
      const m = t.getScreenCTM();
      const size = parseFloat(cs.fontSize) * Math.hypot(m.a, m.b);
      const fill = parse(cs.fill);
      if (!fill) return;
      const fg = blend(fill, WHITE, Number(cs.fillOpacity) * Number(cs.opacity));
      const r = ratio(fg, WHITE);
      const key = hex(fg);
      out.textColours[key + " (chart)"] = Math.round(r * 100) / 100;
      if (r < 4.5) out.textFails[key + " (chart)"] = t.textContent.trim().slice(0, 40);
      if (out.minChartText === null || size < out.minChartText[0]) out.minChartText = [size, t.textContent.trim().slice(0, 40)];
    });
    const marks = svg.querySelectorAll(
      "g.role-mark:not(.mark-text):not(.mark-group) > *, g.role-legend-symbol path");
    marks.forEach(el => {
      const cs = getComputedStyle(el);
      let best = 0, seen = [];
      const fill = parse(cs.fill), stroke = parse(cs.stroke);
      if (fill && fill.a > 0) {
        const c = blend(fill, WHITE, Number(cs.fillOpacity) * Number(cs.opacity));
        best = Math.max(best, ratio(c, WHITE)); seen.push(hex(c));
      }
      if (stroke && stroke.a > 0 && parseFloat(cs.strokeWidth) > 0) {
        const c = blend(stroke, WHITE, Number(cs.strokeOpacity) * Number(cs.opacity));
        best = Math.max(best, ratio(c, WHITE)); seen.push(hex(c));
      }
      if (!seen.length) return;
      const key = seen.join("/");
      out.markColours[key] = Math.round(best * 100) / 100;
      if (best < 3) out.markFails[key] = (el.parentNode.getAttribute("class") || "") + " " +
        (el.getAttribute("aria-label") || "").slice(0, 60);
    });
  });
  return out;
})()
