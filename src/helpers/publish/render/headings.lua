-- HTML only, after citeproc: the page's one h1 is the title (in the template), so the document's
-- sections (and the bibliography's heading) become h2, their subsections h3, and so on.
function Header(h)
  h.level = h.level + 1
  return h
end
