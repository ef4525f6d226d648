"""YAML read safely with libyaml's parser when PyYAML was built with it (about ten times faster
than the pure-Python parser, with the same documents and line numbers), else the pure-Python one.
A text libyaml rejects is read again by the pure-Python parser, whose result or error (with its
fuller messages: the character found, the alias's name) is the one given.

    from helpers.data.yaml_text import safe_load
    doc = safe_load(path.read_text(encoding="utf-8"))
"""

from __future__ import annotations

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(text: str, fast: type = SafeLoader, pure: type = yaml.SafeLoader):
    """`text` read with the loader `fast`; when it raises, with `pure` (the same loader on the
    pure-Python parser)."""
    try:
        return yaml.load(text, Loader=fast)  # noqa: S506 - safe loaders
    except yaml.YAMLError:
        if fast is pure:
            raise
    return yaml.load(text, Loader=pure)  # noqa: S506


def safe_load(text: str):
    """The document of `text` (plain Python objects; no tags beyond YAML's own)."""
    return load(text)
