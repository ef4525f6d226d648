"""Layer 4, publishing: from executed notebooks to the files a reader gets.

Owns the build (cache, notebook execution, atomic output), the two renderers (`render/`), the
downloads and their data package (`package/`), the preview server, releases of editions and the
`hpreport` command. May import every other layer; no other layer imports it.
"""
