"""The data package's validation, redone only for what changed since a package found valid.

Validating the whole package with frictionless takes about 0.9 s, almost all of it spent on
resources whose bytes did not change since the last build. A memo file keeps the keys of what was
found valid: each resource's key is the sha256 of the versions of the validating libraries, its
descriptor and its file's bytes, and of the same for every resource its foreign keys reference;
the package's own key is that of its descriptor without the resources, with the list of their
names and paths. A package whose own key is known is validated with only its resources whose key
is not (and the resources they reference); one whose own key is new is validated whole, and so is
one whose resource names are not unique. Nothing is skipped that could be invalid: a key is
recorded only after frictionless found its resource valid with the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

MAX_KEYS = 2000  # keys kept in the memo (a few builds' worth; older ones are dropped)


def versions() -> str:
    """The versions a validation's result depends on: Python, frictionless and jsonschema."""
    import sys
    from importlib.metadata import version

    return " ".join([sys.version, version("frictionless"), version("jsonschema")])


def _sha(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _references(resource: dict) -> set[str]:
    keys = (resource.get("schema") or {}).get("foreignKeys") or []
    return {k["reference"]["resource"] for k in keys if k.get("reference", {}).get("resource")}


def _own(resource: dict, base: Path, version: str) -> str:
    path = base / resource["path"]
    data = path.read_bytes() if path.is_file() else b"\0missing"
    return _sha(version.encode(), json.dumps(resource, sort_keys=True, ensure_ascii=False).encode(), data)


def keys(descriptor: dict, base: Path, version: str) -> tuple[str, dict[str, str]]:
    """The package's own key and each resource's key (see the module doc). The package's key
    includes the list of its resources' names and paths, which frictionless checks as a whole
    (unique names)."""
    listed = [[r.get("name"), r.get("path")] for r in descriptor.get("resources", [])]
    resources = {r["name"]: r for r in descriptor.get("resources", [])}
    own = {name: _own(r, base, version) for name, r in resources.items()}
    keyed = {name: _sha(own[name].encode(), *(own.get(ref, "\0absent " + ref).encode()
                                               for ref in sorted(_references(r) - {name})))
             for name, r in resources.items()}
    meta = {k: v for k, v in descriptor.items() if k != "resources"}
    return _sha(version.encode(), json.dumps([meta, listed], sort_keys=True, ensure_ascii=False).encode()), keyed


def to_validate(descriptor: dict, package_key: str, resource_keys: dict[str, str], known: set[str]) -> dict | None:
    """The descriptor to validate (the package whole, or its changed resources with those they
    reference), or None when everything in it was found valid before."""
    names = [r.get("name") for r in descriptor.get("resources", [])]
    if package_key not in known or len(set(names)) != len(names):
        return descriptor
    changed = {name for name, key in resource_keys.items() if key not in known}
    if not changed:
        return None
    by_name = {r["name"]: r for r in descriptor["resources"]}
    wanted = changed | {ref for name in changed for ref in _references(by_name[name]) if ref in by_name}
    return {**descriptor, "resources": [r for r in descriptor["resources"] if r["name"] in wanted]}


def read_memo(memo: Path) -> list[str]:
    with contextlib.suppress(OSError, ValueError):
        keys = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(keys, list) and all(isinstance(k, str) for k in keys):
            return keys
    return []


def remember(known: list[str], found_valid: list[str]) -> list[str]:
    """The memo after `found_valid`: those keys last (the newest), each once."""
    latest = set(found_valid)
    return [k for k in known if k not in latest] + list(dict.fromkeys(found_valid))


def write_memo(memo: Path, keys: list[str]) -> None:
    memo.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=memo.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(keys[-MAX_KEYS:], fh)
        os.replace(tmp, memo)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
