"""The project's YAML reader (libyaml's parser when PyYAML has it) reads every YAML file of the
project as PyYAML's pure-Python safe loader does."""

from __future__ import annotations

import pytest
import yaml

from helpers import PROJECT_ROOT
from helpers.data.yaml_text import SafeLoader, safe_load

FILES = sorted([*PROJECT_ROOT.glob("data/*.yml"), PROJECT_ROOT / "edition.yml", PROJECT_ROOT / "CITATION.cff",
                PROJECT_ROOT / "_quarto.yml"])


def test_the_fast_parser_is_used_where_pyyaml_has_it():
    assert SafeLoader is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_documents_are_those_of_the_pure_python_loader(path):
    text = path.read_text(encoding="utf-8")
    assert safe_load(text) == yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506


def test_a_syntax_error_names_its_line():
    with pytest.raises(yaml.YAMLError) as err:
        safe_load("a: 1\nb: [2\nc: 3\n")
    assert err.value.problem_mark.line + 1 == 3 and "while parsing a flow sequence" in str(err.value)


@pytest.mark.parametrize("text", ["a: 1\n\tb: 2\n", "a: *nope\n", "a:\n  - 1\n b: 2\n", "\ufeffa: 1\nb: \ufeff2\n"])
def test_a_text_libyaml_rejects_gets_the_pure_python_result_or_error(text):
    try:
        expected = yaml.load(text, Loader=yaml.SafeLoader)  # noqa: S506
    except yaml.YAMLError as exc:
        with pytest.raises(yaml.YAMLError) as err:
            safe_load(text)
        assert str(err.value) == str(exc)
    else:
        assert safe_load(text) == expected
