"""Hostile YAML: each attack is refused with a located message, in bounded time and memory.

Every case runs the real command (``python -m jxpj score FILE``) in a child process with an
address-space limit and a timeout, so a crash (libyaml once segfaulted on deep block nesting),
a hang or a memory blow-up fails that one test clearly instead of taking pytest down with it.
The limits themselves are documented in the README's "Safety and limits" section.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from jxpj.documents import yaml_limits
from jxpj.documents import yaml_reader as yamlio
from jxpj.errors import ProblemsError, UsageError

MEMORY_LIMIT = 1024 * 1024 * 1024  # address space; jxpj itself needs a few hundred MB of it
TIME_LIMIT = 30  # seconds: a hang guard, not a benchmark; each case takes well under one


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def refused(tmp_path: Path, content: str | bytes, name: str = "evidence.yaml") -> tuple[str, Path]:
    """Run ``jxpj score`` on the content; assert exit 1 and one located problem; return it."""
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    run = subprocess.run(
        [sys.executable, "-m", "jxpj", "score", str(path)],
        check=False,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limits,
        env=env,
        cwd=tmp_path,
    )
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1, (run.returncode, run.stderr[-2000:])
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"{path.as_posix()}:"), first
    return first, path


def billion_laughs(levels: int = 10) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_before_expansion(tmp_path):
    message, path = refused(tmp_path, billion_laughs())
    assert message.startswith(f"{path.as_posix()}:6:5: error: expands to more than 200,000 values")
    assert "alias bomb" in message and message.endswith("[yaml-limit]")


def test_alias_bomb_in_mappings(tmp_path):
    lines = ["k0: &k0 {a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1, h: 1}"]
    lines += [f"k{i}: &k{i} {{{', '.join(f'{c}: *k{i - 1}' for c in 'abcdefgh')}}}" for i in range(1, 12)]
    message, _ = refused(tmp_path, "\n".join(lines) + "\n")
    assert "expands to more than 200,000 values" in message


@pytest.mark.parametrize("anchor", ["", "x: &x 1\n"], ids=["no anchors", "an anchor"])
def test_too_many_plain_values_are_not_called_an_alias_bomb(tmp_path, anchor):
    # 10**6 keys (here 250,000) were reported as "an alias bomb": say what it really is.
    text = anchor + "".join(f"k{i}: 1\n" for i in range(250_000))
    message, _ = refused(tmp_path, text)
    assert "holds more than 200,000 values; a jxpj file needs a few thousand" in message
    assert "alias" not in message


def test_a_null_tag_does_not_drop_a_value(tmp_path):
    # `!!null abc` silently became null: the value written is refused, not lost.
    message, path = refused(tmp_path, "spec: spec.yaml\nproject: {name: !!null 2018年项目}\n")
    assert message == f"{path.as_posix()}:2:17: error: invalid YAML: '2018年项目' is not null; remove the !!null tag or the value [yaml]"


def test_recursive_anchor(tmp_path):
    message, path = refused(tmp_path, "a: &a [1, *a]\n")
    assert message == f"{path.as_posix()}:1:4: error: nested more than 64 levels deep; flatten the structure [yaml-limit]"


def test_deep_block_sequence_nesting_does_not_crash_libyaml(tmp_path):
    # `- - - … x` 100,000 levels deep: libyaml's composer segfaulted here before the event pre-pass.
    message, path = refused(tmp_path, "- " * 100_000 + "x\n")
    assert message == f"{path.as_posix()}:1:129: error: nested more than 64 levels deep; flatten the structure [yaml-limit]"


def test_deep_block_mapping_nesting(tmp_path):
    # Indentation grows with depth, so 10 MiB holds about 4,000 levels of block mappings.
    text = "".join(" " * i + "k:\n" for i in range(3_000)) + " " * 3_000 + "v\n"
    message, path = refused(tmp_path, text)
    assert message == f"{path.as_posix()}:65:65: error: nested more than 64 levels deep; flatten the structure [yaml-limit]"


def test_deep_flow_nesting_within_the_bracket_limit(tmp_path):
    message, path = refused(tmp_path, "a: " + "[" * 900 + "]" * 900 + "\n")
    assert message == f"{path.as_posix()}:1:67: error: nested more than 64 levels deep; flatten the structure [yaml-limit]"


def test_absurd_flow_nesting_is_refused_before_parsing(tmp_path):
    # libyaml is quadratic in flow depth (100,000 brackets take ~25 s), so brackets are counted first.
    message, path = refused(tmp_path, "[" * 100_000 + "]" * 100_000)
    assert message == f"{path.as_posix()}:1:1: error: nesting deeper than 1000 brackets; this is not a jxpj file [yaml-limit]"


def test_fifty_megabytes_are_refused_by_size_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "evidence.yaml"
    with path.open("wb") as f:  # sparse: 50 MB on paper, nothing written
        f.truncate(50 * 1024 * 1024)
    opened = []
    real = os.open
    monkeypatch.setattr(os, "open", lambda *args, **kw: opened.append(args) or real(*args, **kw))
    with pytest.raises(ProblemsError) as caught:
        yamlio.load_yaml(path)
    assert not [a for a in opened if str(a[0]) == str(path)]
    assert str(caught.value) == (
        f"{path.as_posix()}:1:1: error: file is 52,428,800 bytes; jxpj reads at most 10,485,760 [yaml]"
    )


def test_fifty_megabytes_through_the_command(tmp_path):
    path = tmp_path / "evidence.yaml"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    message, _ = refused(tmp_path, path.read_bytes())
    assert message.endswith("error: file is 52,428,800 bytes; jxpj reads at most 10,485,760 [yaml]")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_device_is_not_read_at_all():
    # /dev/zero reports size 0, so the size check passed and the read never ended; then it was
    # read up to the limit. Only a regular file is read now (a FIFO would block forever).
    with pytest.raises(UsageError) as caught:
        yamlio.load_yaml("/dev/zero")
    assert str(caught.value) == "/dev/zero: not a regular file (a pipe or a device); give a file"


def test_non_utf8_bytes_are_located(tmp_path):
    # The column counts characters: 项目 is two characters (six bytes) before the bad byte.
    text = "spec: spec.yaml\nproject: {name: 示例}\n".encode() + "note: 项目".encode() + b"\xff\n"
    message, path = refused(tmp_path, text)
    assert message == (
        f"{path.as_posix()}:3:9: error: file is not UTF-8 text; save it as UTF-8 "
        "(GBK files must be converted first) [yaml]"
    )


@pytest.mark.parametrize(
    ("tag", "shown"),
    [
        ("!!python/object/apply:os.system ['echo pwned']", "python/object/apply:os.system"),
        ("!!python/object:builtins.dict {}", "python/object:builtins.dict"),
        ("!!python/name:os.system", "python/name:os.system"),
        ("!custom x", "!custom"),
    ],
)
def test_custom_and_python_tags(tmp_path, tag, shown):
    message, path = refused(tmp_path, f"spec: spec.yaml\nproject: {tag}\n")
    assert message.startswith(f"{path.as_posix()}:2:10: error: invalid YAML: could not determine a constructor")
    assert shown in message and "custom YAML tags are not allowed in jxpj files" in message


@pytest.mark.parametrize("tag", ["binary", "set", "omap", "pairs"])
def test_standard_tags_that_have_no_place_in_a_jxpj_file(tmp_path, tag):
    value = {"binary": "aGVsbG8=", "set": "{a, b}", "omap": "[a: 1]", "pairs": "[a: 1]"}[tag]
    message, path = refused(tmp_path, f"spec: spec.yaml\nproject: {{name: !!{tag} {value}}}\n")
    assert message == f"{path.as_posix()}:2:17: error: invalid YAML: the YAML tag !!{tag} is not allowed in jxpj files [yaml]"


def test_multiple_documents(tmp_path):
    message, path = refused(tmp_path, "spec: spec.yaml\n---\nspec: other.yaml\n")
    assert message == (
        f"{path.as_posix()}:2:1: error: invalid YAML: the file holds more than one YAML document "
        "(a second '---'); keep one per file [yaml]"
    )


def test_gbk_text_is_refused(tmp_path):
    message, _ = refused(tmp_path, "spec: spec.yaml\nproject: {name: 党建服务}\n".encode("gbk"))
    assert "file is not UTF-8 text" in message


def test_control_characters_are_located_on_one_line(tmp_path):
    message, path = refused(tmp_path, "spec: spec.yaml\nproject: {name: a\x07b}\n")
    assert message == f"{path.as_posix()}:2:18: error: invalid YAML: control character #x0007 is not allowed; remove it [yaml]"


def test_duplicate_anchor(tmp_path):
    message, path = refused(tmp_path, "a: &x 1\nb: &x 2\n")
    assert message == (
        f"{path.as_posix()}:2:4: error: invalid YAML: this anchor name is already used on line 1; "
        "give each anchor its own name [yaml]"
    )


# ---- in-process regressions for the constructor (cheap, no child process needed) -------------


def _data(text: str):
    return yamlio.parse_yaml(text, "f.yaml").data


def _problem(text: str) -> str:
    with pytest.raises(ProblemsError) as caught:
        yamlio.parse_yaml(text, "f.yaml")
    return str(caught.value)


def test_yaml_1_1_integer_spellings_stay_text_so_no_number_changes_silently():
    data = _data("octal: 010\nhex: 0x1F\nsexagesimal: 1:30\nbinary: 0b11\nplain: 1_000\nneg: -7\nzero: 0\n")
    assert data == {"octal": "010", "hex": "0x1F", "sexagesimal": "1:30", "binary": "0b11", "plain": 1000, "neg": -7, "zero": 0}


def test_an_integer_too_long_for_python_stays_text():
    # int("9" * 5000) raises ValueError in Python 3.11; that escaped as a traceback.
    assert _data("a: " + "9" * 5000 + "\n") == {"a": "9" * 5000}


def test_explicit_tags_with_values_they_cannot_hold_do_not_crash():
    # Only an explicit tag puts such text under !!int or !!bool: that is a located problem. A
    # !!float that is no number stays text (as YAML 1.1's base-60 floats do), for validation.
    assert _problem("a: !!bool maybe\n") == "f.yaml:1:4: error: invalid YAML: 'maybe' is not yes/no [yaml]"
    assert _problem("b: !!int abc\n") == "f.yaml:1:4: error: invalid YAML: 'abc' is not an integer [yaml]"
    assert _data("c: !!float abc\n") == {"c": "abc"}
    assert _problem("a: !!map [1]\n") == "f.yaml:1:4: error: invalid YAML: expected a mapping, but found a sequence [yaml]"


def test_an_equals_sign_key_is_text_not_a_custom_tag():
    assert _data("=: x\n") == {"=": "x"}


def test_nesting_at_the_limit_is_accepted():
    depth = yaml_limits.MAX_DEPTH - 1  # collections; the innermost scalar is one level deeper
    assert _data("[" * depth + "1" + "]" * depth) is not None
