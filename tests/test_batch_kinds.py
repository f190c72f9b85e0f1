"""A batch parses each file once and tells evidence from specs by the parsed top-level keys.

What a folder's files turn out to be is what it was when the batch read each file's text first:
specs and other YAML are skipped, broken or not, and broken evidence is reported with the
problems ``jxpj score`` gives. Where only the parse can tell (a top-level flow mapping, a
``spec:`` inside a quoted value), the batch now agrees with ``jxpj check``.
"""

from __future__ import annotations

import shutil

from conftest import EXAMPLE

from jxpj.documents.discover import kind_of, leading_text
from jxpj.documents.yaml_reader import parse_yaml
from jxpj.errors import ProblemsError
from jxpj.load import score_file
from jxpj.portfolio import batch
from jxpj.portfolio.rows import ProjectRow

FILES = {
    "a_spec.yaml": "title: t\nindicators:\n  - code: A\n    name: a\n",
    "b_broken_spec.yaml": "extends: national-project\nindicators: [\n",
    "c_other.yaml": "todo: [a, b]\n",
    "d_broken_other.yaml": "todo: {{ value }}\n  - x: [\n",
    "e_empty.yaml": "# nothing yet\n",
    "f_list.yaml": "- a\n- b\n",
    "g_broken_evidence.yaml": "spec: spec.yaml\nproject: {name: x\n",
    "h_flow_evidence.yaml": "{spec: spec.yaml, project: {name: 流式}}\n",
    "i_quoted_spec_key.yaml": 'note: "a\nspec: b"\n',
    "j_schema.yaml": "# yaml-language-server: $schema=../spec.schema.json\nspec: x\n",
}


def outcomes(tmp_path):
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copy(EXAMPLE / "spec.yaml", tmp_path / "spec.yaml")
    shutil.copy(EXAMPLE / "evidence.yaml", tmp_path / "z_evidence.yaml")
    return {o.path.rsplit("/", 1)[-1]: o for o in batch.score_sources(batch.find_evidence([tmp_path]), jobs=1)}


def test_specs_and_other_yaml_are_skipped_broken_or_not(tmp_path):
    found = outcomes(tmp_path)
    skipped = {name: o.kind for name, o in found.items() if isinstance(o, batch.Skipped)}
    assert skipped == {
        "a_spec.yaml": "spec",
        "b_broken_spec.yaml": "spec",
        "c_other.yaml": "other",
        "d_broken_other.yaml": "other",
        "e_empty.yaml": "other",
        "f_list.yaml": "other",
        "i_quoted_spec_key.yaml": "other",  # its only `spec:` is inside a value
        "j_schema.yaml": "spec",  # the $schema line decides first
        "spec.yaml": "spec",
    }
    assert isinstance(found["z_evidence.yaml"], ProjectRow)


def test_broken_evidence_is_reported_as_scoring_it_reports_it(tmp_path):
    failure = outcomes(tmp_path)["g_broken_evidence.yaml"]
    assert isinstance(failure, batch.Failure)
    try:
        score_file(tmp_path / "g_broken_evidence.yaml")
    except ProblemsError as exc:
        assert failure.problems == exc.problems
    else:
        raise AssertionError("the broken evidence scored")


def test_the_batch_tells_a_file_as_check_tells_it(tmp_path):
    found = outcomes(tmp_path)
    for name, text in FILES.items():
        try:
            data = parse_yaml(text, name).data
        except ProblemsError:
            continue
        expected = kind_of(name, text, data) or "other"
        outcome = found[name]
        assert (outcome.kind if isinstance(outcome, batch.Skipped) else "evidence") == expected, name
    assert isinstance(found["h_flow_evidence.yaml"], ProjectRow)  # scored: incomplete, it has no facts


LEADS = ["", "\n\n", "  \t\n", "\ufeff", "\u3000", "\u3000\n", "\n\u00a0 "]
SCHEMA = "# yaml-language-server: $schema=../spec.schema.json\n"


def test_the_leading_text_tells_what_the_whole_text_tells():
    for lead in LEADS:
        for body in (SCHEMA + "spec: x\n", "spec: x\nproject: {name: y}\n", SCHEMA, "indicators: []\n"):
            text = lead + body
            raw = text.encode()
            data = {"spec": "x"}
            whole = text.removeprefix("\ufeff")
            assert kind_of("f.yaml", leading_text(raw), data) == kind_of("f.yaml", whole, data), repr(text)
