"""The data package's validation is redone only for what changed since it was found valid
(helpers.publish.package.validated): nothing is skipped that could be invalid."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import frictionless
import pytest

from helpers import PROJECT_ROOT
from helpers.publish.build.downloads import publish_data
from helpers.publish.package import validated
from helpers.publish.package.datapackage import PACKAGE_FILE, InvalidPackage, validate_package


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("package") / "data"
    publish_data(PROJECT_ROOT / "data", folder)
    return folder


@pytest.fixture
def package(published, tmp_path) -> Path:
    shutil.copytree(published, tmp_path / "data")
    return tmp_path / "data" / PACKAGE_FILE


@pytest.fixture
def calls(monkeypatch) -> list[list[str]]:
    """The resources frictionless is asked to validate, per call."""
    seen, real = [], frictionless.validate

    def spy(source, *args, **kwargs):
        seen.append([r["name"] for r in json.loads(Path(source).read_text(encoding="utf-8"))["resources"]])
        return real(source, *args, **kwargs)
    monkeypatch.setattr(frictionless, "validate", spy)
    return seen


def descriptor(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_without_a_memo_the_whole_package_is_validated_every_time(package, calls):
    validate_package(package)
    validate_package(package)
    assert len(calls) == 2 and len(calls[0]) == len(descriptor(package)["resources"]) >= 5


def test_an_unchanged_package_is_not_validated_again(package, calls, tmp_path):
    memo = tmp_path / "memo.json"
    validate_package(package, memo)
    validate_package(package, memo)
    assert len(calls) == 1 and len(calls[0]) == len(descriptor(package)["resources"])


def test_a_changed_resource_is_validated_with_the_resources_it_references(package, calls, tmp_path):
    memo = tmp_path / "memo.json"
    validate_package(package, memo)
    values = package.parent / "values.csv"
    values.write_bytes(values.read_bytes().replace(b"17 of 25 tasks", b"17 of the 25 tasks", 1))
    validate_package(package, memo)
    assert sorted(calls[1]) == ["indicators", "sources", "values"]
    assert not list(package.parent.glob(".*changed.json"))  # the partial descriptor is removed


def test_an_invalid_change_is_caught_and_not_remembered(package, tmp_path):
    memo = tmp_path / "memo.json"
    validate_package(package, memo)
    values = package.parent / "values.csv"
    lines = values.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("year")] = "năm"                 # not an integer
    values.write_text("\ufeff" + "".join([lines[0], ",".join(row), *lines[2:]]), encoding="utf-8")
    for _ in range(2):                                # an invalid resource is never recorded as valid
        with pytest.raises(InvalidPackage, match="values"):
            validate_package(package, memo)


def test_a_referenced_resource_that_changed_revalidates_those_that_reference_it(package):
    d = descriptor(package)
    version = frictionless.__version__
    package_key, before = validated.keys(d, package.parent, version)
    sources = package.parent / "sources.csv"
    sources.write_bytes(sources.read_bytes() + b"")   # same bytes: same keys
    assert validated.keys(d, package.parent, version)[1] == before
    sources.write_bytes(sources.read_bytes().replace(b",", b", ", 1))
    after = validated.keys(d, package.parent, version)[1]
    changed = {name for name in before if before[name] != after[name]}
    assert {"sources", "values"} <= changed and "indicators" not in changed
    known = {package_key, *before.values()}
    part = validated.to_validate(d, package_key, after, known)
    assert {"sources", "values", "indicators"} <= {r["name"] for r in part["resources"]}


def test_new_package_metadata_validates_the_whole_package(package):
    d = descriptor(package)
    package_key, keys = validated.keys(d, package.parent, "v")
    other_key, _ = validated.keys({**d, "title": d.get("title", "") + " (2)"}, package.parent, "v")
    assert other_key != package_key
    assert validated.to_validate(d, other_key, keys, {package_key, *keys.values()}) is d


def test_a_damaged_memo_counts_as_empty(package, tmp_path, calls):
    memo = tmp_path / "memo.json"
    memo.write_text("{not json", encoding="utf-8")
    validate_package(package, memo)
    assert len(calls) == 1 and validated.read_memo(memo)


def test_resources_sharing_a_name_are_never_taken_as_known(package, tmp_path):
    # frictionless checks the names across the package: two resources named alike must reach it.
    memo = tmp_path / "memo.json"
    validate_package(package, memo)
    d = descriptor(package)
    values = next(r for r in d["resources"] if r["name"] == "values")
    (package.parent / "bad.csv").write_text("\ufeff" + (package.parent / "values.csv").read_text(
        encoding="utf-8-sig").replace("\n", "\nx,", 1), encoding="utf-8")
    d["resources"].insert(0, {**values, "path": "bad.csv"})
    package.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InvalidPackage):
        validate_package(package, memo)


def test_the_memo_keeps_the_newest_keys_last_and_once():
    assert validated.remember(["a", "b", "c"], ["b", "d", "d"]) == ["a", "c", "b", "d"]
