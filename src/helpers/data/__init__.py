"""Layer 1, data: reading and checking `data/` and `edition.yml`.

Owns the data contract (column names and codes), validation with its error messages, the one
loader, the edition's cut-off, Vietnamese number parsing, and the record of what a notebook read.
May import: the standard library and third-party packages only, never another helpers layer.
"""
