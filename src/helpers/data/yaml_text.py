"""YAML read safely with libyaml's parser when PyYAML was built with it (about ten times faster
than the pure-Python parser, with the same documents, marks and errors), else the pure-Python one.

    from helpers.data.yaml_text import safe_load
    doc = safe_load(path.read_text(encoding="utf-8"))
"""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str):
    """The document of `text` (plain Python objects; no tags beyond YAML's own)."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - a safe loader
