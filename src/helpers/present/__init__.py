"""Layer 3, presentation: Vietnamese words, tables and charts for readers.

Owns how a figure, a status or a verdict is written, the notebooks' tables and charts, the
fonts they are drawn with, and the citation text of an edition. May import: `helpers.data` and
`helpers.analysis`.
"""
