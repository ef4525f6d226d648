-- Table layout in the PDF, used by both renderers: crossref.lua (embedded) and quarto_filter.lua.
local M = {}

-- Tables with this many columns or more are set on landscape pages in the PDF.
M.WIDE_TABLE_COLUMNS = 9

-- Characters of table text (8 pt Noto Sans, about 0.5 em each) across the text width of a page,
-- portrait and landscape, less 2 characters of cell padding per column.
M.LINE_CHARS = { portrait = 118, landscape = 180 }
local MAX_WORD = 26       -- longer unbreakable words (links, ids) may break; shorter ones never

-- A cell's text as printed: a citation prints as its numbers ("[3, 12]", about four characters
-- a source), not as the source ids it holds before citeproc.
local function printed(contents)
  return pandoc.utils.stringify(pandoc.Blocks(contents):walk({
    Cite = function(c) return pandoc.Str(string.rep("x", 4 * #c.citations)) end,
  }))
end

-- Column widths for the PDF in proportion to each column's longest cell (capped, so that one
-- long quote does not starve the others); typst's own auto widths squeeze long text columns.
-- Every column is at least as wide as its longest word (a number such as 1.135.264,809 does not
-- break), so that no word runs into the next cell.
function M.size_columns_to(t, chars)
  local longest, word = {}, {}
  local function visit(row)
    for i, cell in ipairs(row.cells) do
      local text = printed(cell.contents)
      local n = utf8.len(text) or 0
      longest[i] = math.max(longest[i] or 7, math.min(n, 48))
      for w in text:gmatch("%S+") do
        word[i] = math.max(word[i] or 0, math.min(utf8.len(w) or 0, MAX_WORD))
      end
    end
  end
  for _, row in ipairs(t.head.rows) do visit(row) end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do visit(row) end
  end
  local n = #t.colspecs
  local capacity = chars - 2 * n
  local minimum, total_min, total = {}, 0, 0
  for i = 1, n do
    minimum[i] = ((word[i] or 0) + 1) / capacity
    total_min = total_min + minimum[i]
    total = total + (longest[i] or 7)
  end
  for i, cs in ipairs(t.colspecs) do
    local share = (longest[i] or 7) / total
    if total_min < 1 then
      -- the minimum of every column, then the rest of the line in proportion to the longest cells
      local rest = 1 - total_min
      share = minimum[i] + rest * share
      share = math.max(share, minimum[i])
    else
      share = minimum[i] / total_min
    end
    t.colspecs[i] = { cs[1], share }
  end
end

-- Columns sized for the table's own pages: landscape for a wide table, portrait otherwise.
function M.size_columns(t)
  M.size_columns_to(t, M.is_wide(t) and M.LINE_CHARS.landscape or M.LINE_CHARS.portrait)
end

local function body_rows(t)
  local rows = {}
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do rows[#rows + 1] = row end
  end
  return rows
end

-- Whether every column of `t` is as wide as its longest word on a line of `chars` characters.
local function words_fit(t, chars)
  local word, total = {}, 0
  local function visit(row)
    for i, cell in ipairs(row.cells) do
      for w in printed(cell.contents):gmatch("%S+") do
        word[i] = math.max(word[i] or 0, math.min(utf8.len(w) or 0, MAX_WORD))
      end
    end
  end
  for _, row in ipairs(t.head.rows) do visit(row) end
  for _, row in ipairs(body_rows(t)) do visit(row) end
  for i = 1, #t.colspecs do total = total + (word[i] or 0) + 1 end
  return total <= chars - 2 * #t.colspecs
end

-- Tables of this many body rows or fewer stay on portrait pages when their words fit there.
M.SMALL_TABLE_ROWS = 6

-- A wide table gets landscape pages of its own in the PDF; a small one stays portrait where
-- its words fit.
function M.is_wide(t)
  if #t.colspecs < M.WIDE_TABLE_COLUMNS then return false end
  return #body_rows(t) > M.SMALL_TABLE_ROWS or not words_fit(t, M.LINE_CHARS.portrait)
end

-- A number as the tables print it: an optional sign of bound ("hơn", "~", ">", "≥", ...), digits
-- with Vietnamese separators, an optional "%" or unit ("tỷ đồng", "điểm"); "–" stands for no value.
local QUALIFIERS = { "hơn ", "khoảng ", "trên ", "dưới ", "tối thiểu ", "tối đa ", "~", "> ", ">",
  "< ", "<", "≥ ", "≥", "≤ ", "≤", "−", "-" }
local function is_number(text)
  for _, q in ipairs(QUALIFIERS) do
    if text:sub(1, #q) == q then text = text:sub(#q + 1) break end
  end
  local number_end = select(2, text:find("^%d[%d%.,]*"))
  if not number_end then return false end
  local rest = text:sub(number_end + 1)
  return rest:match("^%s?%%?$") ~= nil or rest:match("^%s+[^%d]+$") ~= nil
end

-- Numeric columns (every filled body cell a number) right-aligned, the others left-aligned:
-- a figure's contents are centred by default in typst, notes included.
function M.align_columns(t)
  local numeric, filled = {}, {}
  for i = 1, #t.colspecs do numeric[i] = true end
  for _, row in ipairs(body_rows(t)) do
    for i, cell in ipairs(row.cells) do
      local text = printed(cell.contents)
      if text ~= "" and text ~= "–" then
        filled[i] = true
        if not is_number(text) then numeric[i] = false end
      end
    end
  end
  for i, cs in ipairs(t.colspecs) do
    t.colspecs[i] = { (numeric[i] and filled[i]) and pandoc.AlignRight or pandoc.AlignLeft, cs[2] }
  end
end

-- Typst that starts a new page unless the table's caption, header and first three rows (or all
-- of its rows, when fewer) fit on this one: an unbreakable empty block as tall as they are
-- (estimated from the column widths, 8 pt type), then as much space back, then the usual space
-- above a block (the strong spacing replaces it).
function M.keep_start(t, chars, caption_chars)
  local n = #t.colspecs
  local capacity = chars - 2 * n
  local function row_height(row)
    local lines = 1
    for i, cell in ipairs(row.cells) do
      local share = t.colspecs[i] and t.colspecs[i][2] or (1 / n)
      if type(share) ~= "number" or share <= 0 then share = 1 / n end
      local width = math.max(1, math.floor(share * capacity))
      lines = math.max(lines, math.ceil((utf8.len(printed(cell.contents)) or 0) / width))
    end
    return lines * 10 + 8
  end
  local height = 16 + 12 * math.max(1, math.ceil((caption_chars or 0) / 105))
  for _, row in ipairs(t.head.rows) do height = height + row_height(row) end
  local rows = body_rows(t)
  for k = 1, math.min(3, #rows) do height = height + row_height(rows[k]) end
  height = math.min(height, 400)
  return pandoc.RawBlock("typst", string.format(
    "#block(breakable: false, height: %dpt, spacing: 0pt)[]\n#v(-%dpt)\n#v(1.2em)", height, height))
end

-- `block` (the table, or the float holding it) wrapped in landscape pages.
function M.landscape(block)
  return { pandoc.RawBlock("typst", "#page(flipped: true)["), block, pandoc.RawBlock("typst", "]") }
end

-- The PDF's annex: from the level-1 heading whose text starts with "Phụ lục" (the data appendix)
-- to the end, pages are landscape with small type, so that the body is most of the document.
M.ANNEX_WORD = "Phụ lục"
M.annex_setup = table.concat({
  "#set page(flipped: true, margin: (x: 1.6cm, y: 1.6cm))",
  "#show table: set text(size: 6.5pt)",
  "#set table(inset: (x: 3pt, y: 2.2pt))",
  "#set text(size: 9pt)",
}, "\n")

function M.is_annex_heading(b)
  return b.t == "Header" and b.level == 1 and pandoc.utils.stringify(b.content):sub(1, #M.ANNEX_WORD) == M.ANNEX_WORD
end

return M
