-- Quarto filter of the Quarto path (helpers.publish.render.quarto_run): the embedded renderer's PDF
-- table layout (tables.lua) for the tables Quarto sets in typst: column widths by content,
-- landscape pages for wide tables, and the landscape annex from the "Phụ lục" heading on.
--
-- Quarto hands a `#tbl-` div to filters as a FloatRefTarget, which is lost when a handler puts
-- anything beside it; so the first pass sizes the columns and notes which floats (in document
-- order) are wide, and the second wraps those in landscape pages among the document's blocks,
-- where each float stands as a placeholder div.
local pdf_tables = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "tables.lua" }))

if not FORMAT:match("typst") then
  return {}
end

local wide = {}     -- float number (document order) -> true when its table is wide
local keep = {}     -- float number -> the typst that keeps its caption with its first rows
local floats = 0

local function size(float)
  floats = floats + 1
  if not float.identifier:match("^tbl%-") then return nil end
  local n = floats
  local caption = utf8.len(pandoc.utils.stringify(float.caption_long or {})) or 0
  float.content = pandoc.Blocks(float.content):walk({
    Table = function(t)
      pdf_tables.size_columns(t)
      pdf_tables.align_columns(t)
      if pdf_tables.is_wide(t) then wide[n] = true end
      keep[n] = pdf_tables.keep_start(t, pdf_tables.LINE_CHARS.portrait, caption)
      return t
    end,
  })
  return float
end

local function is_float(block)
  return block.t == "Div" and block.attributes["__quarto_custom_type"] == "FloatRefTarget"
end

local function landscape(doc)
  local out, n, in_annex = pandoc.Blocks({}), 0, false
  for _, block in ipairs(doc.blocks) do
    if not in_annex and pdf_tables.is_annex_heading(block) then
      -- the annex (tables.lua): landscape pages with small type from its heading on
      in_annex = true
      out:insert(pandoc.RawBlock("typst", pdf_tables.annex_setup))
    end
    if is_float(block) then
      n = n + 1
      if wide[n] and not in_annex then
        out:extend(pdf_tables.landscape(block))
      else
        if keep[n] then out:insert(keep[n]) end
        out:insert(block)
      end
    else
      out:insert(block)
    end
  end
  if n ~= floats then
    error("quarto_filter.lua: found " .. n .. " of " .. floats .. " figures and tables at the top level")
  end
  doc.blocks = out
  return doc
end

return {
  { FloatRefTarget = size },
  { Pandoc = landscape },
}
