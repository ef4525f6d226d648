"""Results of the renderers' slow, pure steps, kept on disk in `<project root>/.cache/render/`.

A step whose result depends only on inputs that can be named (the bytes of a file, a list of code
points, a spec's text, options, library versions and the source of the function that computes
it) stores its result under a key made of all of them: the chart font cut to its characters
(`webfonts`), the Vega runtime bundle and each chart's Vega spec (`vega`). Any change to one of
the inputs gives another key, so an entry is never stale; an entry whose bytes do not match the
digest stored with it (cut short, edited) is computed again and replaced. Entries are written to
a temporary file and moved into place, so a reader never sees half of one.

The cache is used only inside `using(project_root)` (the renderers wrap a render in it): functions
called without a project (tests, tools) compute their result every time. A result read from the
cache is the very bytes computing gives (the tests compare them).
"""

from __future__ import annotations

import contextvars
import hashlib
import inspect
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CACHE_DIR = ".cache/render"    # under the project root; .cache/ is ignored by git
FORMAT = 1                     # bump when the layout of entries changes

_folder: contextvars.ContextVar[Path | None] = contextvars.ContextVar("render_cache", default=None)


@contextmanager
def using(project_root: Path | None) -> Iterator[None]:
    """Within this block, cached steps read and write `<project_root>/.cache/render/` (nothing
    when `project_root` is None). Threads started inside must run in a copy of the context
    (`contextvars.copy_context().run`) to see it."""
    token = _folder.set(None if project_root is None else Path(project_root) / CACHE_DIR)
    try:
        yield
    finally:
        _folder.reset(token)


def folder() -> Path | None:
    """Where entries go now, or None when no project is known."""
    return _folder.get()


def source_of(*functions: Callable) -> str | None:
    """The source text of the functions that compute a result (part of its key); None when it
    cannot be known to be the code that runs: no source, or a file edited since `helpers` was
    imported (a long-running preview runs the code it imported, not what is on disk). A result
    whose key has no code is computed and not cached."""
    import helpers

    try:
        if any(os.stat(inspect.getsourcefile(f) or "").st_mtime >= helpers.IMPORTED_AT for f in functions):
            return None
        return "\n".join(inspect.getsource(f) for f in functions)
    except (OSError, TypeError):
        return None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_of(kind: str, inputs: Any) -> str:
    """The key of a result of `kind` computed from `inputs` (JSON-serialisable, order kept)."""
    text = json.dumps([FORMAT, kind, inputs], ensure_ascii=False, separators=(",", ":"))
    return digest(text.encode("utf-8"))


def _read(path: Path) -> bytes | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, sep, data = raw.partition(b"\n")
    if not sep or head.decode("ascii", "replace") != digest(data):
        return None   # missing digest, cut short or edited: computed again
    return data


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(digest(data).encode("ascii") + b"\n" + data)
        os.replace(tmp, path)
    except OSError:   # a read-only or full disk costs speed, never the render
        tmp.unlink(missing_ok=True)


def entry_path(kind: str, inputs: Any) -> Path | None:
    """The file that holds (or would hold) the result of `kind` for `inputs`, None without a project."""
    base = folder()
    if base is None or (isinstance(inputs, dict) and "code" in inputs and inputs["code"] is None):
        return None
    return base / kind / f"{key_of(kind, inputs)}.bin"


def cached_bytes(kind: str, inputs: Any, compute: Callable[[], bytes]) -> bytes:
    """`compute()`, read from the cache when an entry for (`kind`, `inputs`) is there."""
    path = entry_path(kind, inputs)
    if path is None:
        return compute()
    data = _read(path)
    if data is None:
        data = compute()
        _write(path, data)
    return data


def cached_text(kind: str, inputs: Any, compute: Callable[[], str]) -> str:
    """`cached_bytes` for a text result (UTF-8)."""
    return cached_bytes(kind, inputs, lambda: compute().encode("utf-8")).decode("utf-8")


def cached_json(kind: str, inputs: Any, compute: Callable[[], Any]) -> Any:
    """`cached_bytes` for a JSON value: dicts keep their key order, numbers their exact value.
    A value computed for the cache is returned as it is read back, so a hit and a miss agree."""
    if entry_path(kind, inputs) is None:
        return compute()
    data = cached_bytes(kind, inputs,
                        lambda: json.dumps(compute(), ensure_ascii=False).encode("utf-8"))
    return json.loads(data.decode("utf-8"))
