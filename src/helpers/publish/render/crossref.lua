-- Quarto features for plain pandoc: embedded figures and tables, numbering, Vietnamese labels,
-- cross-references (@fig-x, @tbl-x, @sec-x) and callouts. Anything else that reaches this
-- filter (raw output, unknown divs or spans, images) stops the build: the Python side has
-- already checked the source line by line, this is the safety net.
--
-- Metadata in: hp-labels (map of label texts). FORMAT selects the html5 or typst output.

local labels = {}
local is_html = FORMAT:match("html") ~= nil
local numbers = {}          -- id -> number text
local kinds = {}            -- id -> "fig" | "tbl" | "sec"

local function fail(msg)
  error("HP-ERROR: " .. msg, 0)
end

local function stringify_meta(meta)
  for k, v in pairs(meta["hp-labels"] or {}) do
    labels[k] = pandoc.utils.stringify(v)
  end
end

local callout_types = { note = true, tip = true, warning = true, important = true, caution = true }
local callout_colors = {
  note = "#0750cc", tip = "#00703a", warning = "#8a5300", important = "#b5140f", caution = "#a33a00",
}

local function callout_type(div)
  for _, c in ipairs(div.classes) do
    local t = c:match("^callout%-(.+)$")
    if t and callout_types[t] then return t end
  end
  return nil
end

-- Pass 0: reject what the renderer does not support.
local guard = {
  traverse = "topdown",
  Div = function(d)
    if d.classes:includes("hp-figure") or d.classes:includes("hp-table") then
      return nil, false
    end
    if callout_type(d) == nil or #d.classes ~= 1 then
      fail("unsupported div ." .. table.concat(d.classes, " ."))
    end
  end,
  RawBlock = function(r) fail("raw " .. r.format .. " output is not supported") end,
  RawInline = function(r) fail("raw " .. r.format .. " output is not supported: " .. r.text) end,
  Image = function(_) fail("images in the text are not supported; embed a notebook figure") end,
  Math = function(m) fail("math is not supported: " .. m.text) end,
  Span = function(s)
    if #s.classes > 0 then fail("unsupported span ." .. table.concat(s.classes, " .")) end
  end,
  Table = function(_) fail("tables must be embedded from a notebook (with a tbl- label and tbl-cap)") end,
}

local function caption_inlines(block)
  if block == nil or (block.t ~= "Para" and block.t ~= "Plain") then
    fail("an embedded figure or table lost its caption")
  end
  return block.content
end

local function callout_blocks(d, kind)
  local title = d.attributes["title"]
  local title_inlines = pandoc.Inlines(title or labels["callout-" .. kind .. "-title"])
  if is_html then
    return pandoc.Div({
      pandoc.Div({ pandoc.Plain(title_inlines) }, pandoc.Attr("", { "callout-title" })),
      pandoc.Div(d.content, pandoc.Attr("", { "callout-body" })),
    }, pandoc.Attr("", { "callout", "callout-" .. kind }))
  end
  local color = callout_colors[kind]
  local out = pandoc.Blocks({
    pandoc.RawBlock("typst", '#block(width: 100%, inset: (x: 10pt, y: 8pt), radius: 2pt, '
      .. 'fill: rgb("' .. color .. '").lighten(92%), stroke: (left: 3pt + rgb("' .. color .. '")))['),
  })
  local title_para = pandoc.Inlines({ pandoc.RawInline("typst", '#text(font: "Noto Sans", weight: "bold", fill: rgb("'
    .. color .. '"))[') })
  title_para:extend(title_inlines)
  title_para:insert(pandoc.RawInline("typst", "]"))
  out:insert(pandoc.Para(title_para))
  out:extend(d.content)
  out:insert(pandoc.RawBlock("typst", "]"))
  return out
end

-- Pass 1: embedded blocks become pandoc figures and captioned tables; callouts get their boxes.
local convert = {
  Div = function(d)
    if d.classes:includes("hp-figure") then
      local body = pandoc.Blocks({})
      for i = 1, #d.content - 1 do body:insert(d.content[i]) end
      if not is_html then
        -- the image paragraph becomes plain figure content
        body = body:map(function(b) if b.t == "Para" then return pandoc.Plain(b.content) end return b end)
      end
      local cap = caption_inlines(d.content[#d.content])
      return pandoc.Figure(body, { pandoc.Plain(cap) }, pandoc.Attr(d.identifier, { "hp-figure" }))
    end
    if d.classes:includes("hp-table") then
      local tbl = nil
      for _, b in ipairs(d.content) do
        if b.t == "Table" then
          if tbl then fail(d.identifier .. ": the output holds more than one table") end
          tbl = b
        end
      end
      if tbl == nil then fail(d.identifier .. ": the text/markdown output is not a pipe table") end
      tbl.caption = { long = { pandoc.Plain(caption_inlines(d.content[#d.content])) } }
      tbl.identifier = d.identifier
      -- Pipe tables with long rows get widths from their dash counts; let the output size columns.
      for i, cs in ipairs(tbl.colspecs) do tbl.colspecs[i] = { cs[1], pandoc.ColWidthDefault } end
      if is_html then
        -- A wide table scrolls inside its own box (first column kept in view by the CSS); the
        -- raw HTML the expansion put beside it (its CSV download link) follows the box.
        local blocks = pandoc.Blocks({ pandoc.Div({ tbl }, pandoc.Attr("", { "hp-scroll" }, { tabindex = "0" })) })
        for _, b in ipairs(d.content) do
          if b.t == "RawBlock" and b.format == "html" then blocks:insert(b) end
        end
        return pandoc.Div(blocks, pandoc.Attr("", { "hp-table-box" }))
      end
      return tbl
    end
    local kind = callout_type(d)
    if kind then return callout_blocks(d, kind) end
  end,
}

-- PDF table layout (column widths, landscape pages), shared with the Quarto path.
local pdf_tables = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "tables.lua" }))

local is_annex_heading, annex_setup = pdf_tables.is_annex_heading, pdf_tables.annex_setup

-- Typst only: the annex's page setup before its heading; its tables are marked so that they are
-- sized for the landscape line and not put on pages of their own.
local function mark_annex(doc)
  local out, in_annex = pandoc.Blocks({}), false
  for _, b in ipairs(doc.blocks) do
    if not in_annex and is_annex_heading(b) then
      in_annex = true
      out:insert(pandoc.RawBlock("typst", annex_setup))
    end
    if in_annex then
      b = b:walk({ Table = function(t) t.attributes["hp-annex"] = "1" return t end })
    end
    out:insert(b)
  end
  if in_annex then
    -- citeproc fills this placeholder (and then adds no heading of its own): the bibliography
    -- in three columns of 8,5 pt type (numbered entries are short but for their addresses)
    out:insert(pandoc.Header(1, pandoc.Inlines(labels["section-title-references"]),
      pandoc.Attr("bibliography", { "unnumbered" })))
    out:insert(pandoc.RawBlock("typst", "#columns(3, gutter: 1.2em)[#set text(size: 8.5pt)"))
    out:insert(pandoc.Div({}, pandoc.Attr("refs")))
    out:insert(pandoc.RawBlock("typst", "]"))
  end
  doc.blocks = out
  return doc
end

-- Pass 2: numbers in document order.
local function numbering()
  local fig, tbl = 0, 0
  local levels = {}
  return {
    traverse = "topdown",
    Figure = function(f)
      if f.identifier:match("^fig%-") then
        fig = fig + 1
        numbers[f.identifier], kinds[f.identifier] = tostring(fig), "fig"
      end
    end,
    Table = function(t)
      if t.identifier:match("^tbl%-") then
        tbl = tbl + 1
        numbers[t.identifier], kinds[t.identifier] = tostring(tbl), "tbl"
      end
    end,
    Header = function(h)
      if h.classes:includes("unnumbered") then return end
      levels[h.level] = (levels[h.level] or 0) + 1
      for l = h.level + 1, 6 do levels[l] = nil end
      local parts = {}
      for l = 1, h.level do parts[#parts + 1] = tostring(levels[l] or 0) end
      local num = table.concat(parts, ".")
      if h.identifier ~= "" then
        numbers[h.identifier], kinds[h.identifier] = num, "sec"
      end
      h.attributes["number"] = num
      return h
    end,
  }
end

local prefix_key = { fig = "fig-prefix", tbl = "tbl-prefix", sec = "sec-prefix" }
local title_key = { fig = "fig-title", tbl = "tbl-title" }

local function prefix_caption(id, long)
  local kind = kinds[id]
  local head = pandoc.Inlines({
    pandoc.Span(pandoc.Inlines(labels[title_key[kind]] .. "\u{A0}" .. numbers[id] .. ":"),
      pandoc.Attr("", { "hp-caption-label" })),
    pandoc.Space(),
  })
  local first = long[1]
  first.content = head .. first.content
  return long
end

-- Pass 3: references, caption labels and section numbers (HTML); typst numbers natively.
local resolve = {
  Cite = function(c)
    local n_cross = 0
    for _, cit in ipairs(c.citations) do
      if cit.id:match("^fig%-") or cit.id:match("^tbl%-") or cit.id:match("^sec%-") then
        n_cross = n_cross + 1
      end
    end
    if n_cross == 0 then return nil end
    if n_cross ~= #c.citations then
      fail("cross-references and citations cannot share one [...]: " .. pandoc.utils.stringify(c.content))
    end
    local out = pandoc.Inlines({})
    for i, cit in ipairs(c.citations) do
      local id = cit.id
      if numbers[id] == nil then fail("cross-reference to a missing label @" .. id) end
      if i > 1 then out:extend({ pandoc.Str(","), pandoc.Space() }) end
      if is_html then
        local text = labels[prefix_key[kinds[id]]] .. "\u{A0}" .. numbers[id]
        out:insert(pandoc.Link(pandoc.Inlines(text), "#" .. id, "", pandoc.Attr("", { "quarto-xref" })))
      else
        out:insert(pandoc.RawInline("typst", "#ref(<" .. id .. ">)"))
      end
    end
    return out
  end,
  Figure = function(f)
    if is_html and numbers[f.identifier] then
      f.caption.long = prefix_caption(f.identifier, f.caption.long)
      return f
    end
  end,
  Table = function(t)
    if is_html and numbers[t.identifier] then
      t.caption.long = prefix_caption(t.identifier, t.caption.long)
      return t
    end
    if is_html then return nil end
    local annex = t.attributes["hp-annex"] ~= nil
    t.attributes["hp-annex"] = nil
    local caption = utf8.len(pandoc.utils.stringify(t.caption.long or {})) or 0
    if annex then
      -- 6.5 pt instead of 8 pt type: more characters on a line
      local chars = math.floor(pdf_tables.LINE_CHARS.landscape * 8 / 6.5)
      pdf_tables.size_columns_to(t, chars)
      pdf_tables.align_columns(t)
      return { pdf_tables.keep_start(t, chars, caption), t }
    end
    pdf_tables.size_columns(t)
    pdf_tables.align_columns(t)
    if pdf_tables.is_wide(t) then return pdf_tables.landscape(t) end
    return { pdf_tables.keep_start(t, pdf_tables.LINE_CHARS.portrait, caption), t }
  end,
  Header = function(h)
    if is_html and h.attributes["number"] then
      h.content = pandoc.Inlines({ pandoc.Span(pandoc.Inlines(h.attributes["number"]),
        pandoc.Attr("", { "header-section-number" })), pandoc.Space() }) .. h.content
      h.attributes["number"] = nil
      return h
    end
    h.attributes["number"] = nil
    return h
  end,
}

function Pandoc(doc)
  stringify_meta(doc.meta)
  doc = doc:walk(guard)
  doc = doc:walk(convert)
  doc = doc:walk(numbering())
  if not is_html then doc = mark_annex(doc) end
  doc = doc:walk(resolve)
  return doc
end
