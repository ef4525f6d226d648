-- Table layout in the PDF, used by both renderers: crossref.lua (embedded) and quarto_filter.lua.
local M = {}

-- Tables with this many columns or more are set on landscape pages in the PDF.
M.WIDE_TABLE_COLUMNS = 9

-- Characters of table text (8 pt Noto Sans, about 0.5 em each) across the text width of a page,
-- portrait and landscape, less 2 characters of cell padding per column.
M.LINE_CHARS = { portrait = 118, landscape = 180 }
local MAX_WORD = 26       -- longer unbreakable words (links, ids) may break; shorter ones never

-- Column widths for the PDF in proportion to each column's longest cell (capped, so that one
-- long quote does not starve the others); typst's own auto widths squeeze long text columns.
-- Every column is at least as wide as its longest word (a number such as 1.135.264,809 does not
-- break), so that no word runs into the next cell.
function M.size_columns_to(t, chars)
  local longest, word = {}, {}
  local function visit(row)
    for i, cell in ipairs(row.cells) do
      local text = pandoc.utils.stringify(cell.contents)
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

-- A wide table gets landscape pages of its own in the PDF.
function M.is_wide(t)
  return #t.colspecs >= M.WIDE_TABLE_COLUMNS
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
