-- Table layout in the PDF, used by both renderers: crossref.lua (embedded) and quarto_filter.lua.
local M = {}

-- Tables with this many columns or more are set on landscape pages in the PDF.
M.WIDE_TABLE_COLUMNS = 9

-- Column widths for the PDF in proportion to each column's longest cell (capped, so that one
-- long quote does not starve the others); typst's own auto widths squeeze long text columns.
function M.size_columns(t)
  local longest = {}
  local function visit(row)
    for i, cell in ipairs(row.cells) do
      local n = utf8.len(pandoc.utils.stringify(cell.contents)) or 0
      longest[i] = math.max(longest[i] or 7, math.min(n, 48))
    end
  end
  for _, row in ipairs(t.head.rows) do visit(row) end
  for _, body in ipairs(t.bodies) do
    for _, row in ipairs(body.body) do visit(row) end
  end
  local total = 0
  for i = 1, #t.colspecs do total = total + (longest[i] or 7) end
  for i, cs in ipairs(t.colspecs) do t.colspecs[i] = { cs[1], (longest[i] or 7) / total } end
end

-- A wide table gets landscape pages of its own in the PDF.
function M.is_wide(t)
  return #t.colspecs >= M.WIDE_TABLE_COLUMNS
end

-- `block` (the table, or the float holding it) wrapped in landscape pages.
function M.landscape(block)
  return { pandoc.RawBlock("typst", "#page(flipped: true)["), block, pandoc.RawBlock("typst", "]") }
end

return M
