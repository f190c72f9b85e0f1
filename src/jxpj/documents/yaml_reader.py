"""Safe, bounded, exact YAML loading that remembers where every value came from.

One pass with libyaml's C parser builds the node tree (which carries line and column marks);
our constructor then turns it into plain data with three changes from PyYAML's safe loader:

* YAML floats become :class:`~decimal.Decimal` from their text, never ``float``;
* dates stay strings (pydantic parses the fields that are dates), so text fields never get a
  ``datetime`` by accident;
* a key given twice in one mapping is a problem to report, not a value to drop silently.

The node tree is kept on the :class:`Document` so that any later validation error can be mapped
back to a line and column without parsing again. Limits guard against hostile files; they are
listed in the README.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jxpj.documents.document import Document
from jxpj.documents.reading import MAX_BYTES, read_bytes
from jxpj.documents.yaml_limits import (
    MAX_INT_DIGITS,
    check_depth,
    check_nesting,
    quick_limits,
    yaml_problem,
)
from jxpj.documents.yaml_plain import construct, resolve_tag
from jxpj.errors import Problem, ProblemsError, UsageError, display_path

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml is part of the PyPI wheels we depend on
    _BaseLoader = yaml.SafeLoader


_STR_TAG = "tag:yaml.org,2002:str"


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with exact numbers, string dates and duplicate-key detection."""

    resolve = resolve_tag  # PyYAML's answers, faster (see jxpj.documents.yaml_plain)

    # libyaml's composer calls these around every value for PyYAML's path resolvers, which no
    # jxpj loader registers: nothing to keep track of (a twentieth of composing a file).
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def __init__(self, stream: str | bytes) -> None:
        super().__init__(stream)
        self.duplicates: list[yaml.Node] = []
        # Without a backslash (an escape) or a raw NEL nothing can put a control character in a
        # value (libyaml refuses the others raw, and turns CR into a line break), so the text is
        # searched once instead of every value (a tenth of reading a batch's files). Looking for
        # those two characters alone gives the same answer for every text libyaml accepts, at a
        # twentieth of the cost of a character class (tests/test_yaml_fast.py).
        if isinstance(stream, str):
            self.clean = "\\" not in stream and "\x85" not in stream
        else:  # UTF-8, where NEL is C2 85
            self.clean = b"\\" not in stream and b"\xc2\x85" not in stream

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_scalar(node)
        # libyaml refuses raw control characters, but escapes ("\e[31m", "\x1b]0;…\a") make
        # them: text that would drive the terminal when jxpj prints a name or a finding.
        found = _CONTROL.search(value) if isinstance(value, str) and not self.clean else None
        if found:
            raise yaml.constructor.ConstructorError(
                None, None, f"control character #x{ord(found.group()):02X} in text; remove it", node.start_mark
            )
        return value

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):  # `!!map [1]`: the base class would crash
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, but found a {node.id}", node.start_mark
            )
        # Fast path (most mappings): every key a plain string scalar and no text repeated, so no
        # key can repeat; otherwise construct each key to compare them as YAML would.
        texts = {k.value for k, _ in node.value if k.tag == _STR_TAG and type(k) is yaml.ScalarNode}
        if len(texts) != len(node.value):
            self._note_duplicates(node)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def _note_duplicates(self, node: yaml.MappingNode) -> None:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                if key in seen:
                    self.duplicates.append(key_node)
                seen.add(key)
            except TypeError:
                pass  # unhashable keys are reported by the base constructor


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node)).replace("_", "")
    lowered = text.lower()
    if lowered in (".nan", ".inf", "+.inf", "-.inf"):
        return Decimal("NaN") if "nan" in lowered else Decimal(lowered.replace(".inf", "Infinity"))
    try:
        return Decimal(text)
    except InvalidOperation:
        return text  # e.g. YAML 1.1 base-60 "1:30.5"; validation then says it is not a number


def _construct_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    return loader.construct_scalar(node)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_DECIMAL_INT = re.compile(r"[-+]?[0-9][0-9_]*")
# What YAML 1.1 itself resolves to !!int (PyYAML's resolver): binary, octal, decimal, hex, base 60.
_YAML11_INT = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """Only plain decimal integers become ints, as in YAML 1.2.

    YAML 1.1 would read ``010`` as 8, ``0x1F`` as 31 and ``1:30`` as 90: silently wrong numbers
    in an evidence file. Those stay text, so a number field reads ``"010"`` as 10 and refuses
    the others with a message, and a text field (a code such as ``010``) keeps what was typed.
    """
    text = str(loader.construct_scalar(node))
    if not _YAML11_INT.fullmatch(text):  # only an explicit tag gives !!int to such text: !!int abc
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not an integer", node.start_mark)
    digits = text.replace("_", "")
    if not _DECIMAL_INT.fullmatch(text) or len(digits) > MAX_INT_DIGITS:
        return text
    unsigned = digits.lstrip("+-")
    if len(unsigned) > 1 and unsigned.startswith("0"):
        return text
    return int(digits)


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    text = str(loader.construct_scalar(node))
    # `!!bool maybe` made the base constructor raise KeyError: only an explicit tag gets here
    # with a word that is not yes/no, so say so where it is.
    if text.lower() not in loader.bool_values:
        raise yaml.constructor.ConstructorError(None, None, f"{text!r} is not yes/no", node.start_mark)
    return loader.bool_values[text.lower()]


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def _construct_null(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    # `!!null abc` made the text null without a word: a tag must not drop what was written.
    text = str(loader.construct_scalar(node))
    if text not in _NULLS:
        raise yaml.constructor.ConstructorError(
            None, None, f"{text[:40]!r} is not null; remove the !!null tag or the value", node.start_mark
        )
    return None


def _refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # Binary data, sets and ordered pairs are legal YAML but nothing in a jxpj file: refuse them
    # rather than let pydantic turn bytes into text or a set into a list behind the user's back.
    name = node.tag.rsplit(":", 1)[-1]
    raise yaml.constructor.ConstructorError(
        None, None, f"the YAML tag !!{name} is not allowed in jxpj files", node.start_mark
    )


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_Loader.add_constructor("tag:yaml.org,2002:null", _construct_null)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
# A key written `=` resolves to YAML 1.1's !!value tag; it is just text to us.
_Loader.add_constructor("tag:yaml.org,2002:value", _construct_text)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


def read_text(path: str | Path) -> str:
    """The file's text, or a :class:`UsageError` (missing, unreadable) or a located problem."""
    return decode_text(read_raw(path), display_path(path))


def read_raw(path: str | Path) -> bytes:
    """The file's bytes (see :func:`read_text`, which also decodes them)."""
    shown = display_path(path)
    try:
        return read_bytes(path, MAX_BYTES, shown)
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a folder, expected a YAML file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None


def decode_text(raw: bytes, shown: str) -> str:
    """A file's bytes as text, or a problem located at the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        # Count characters, not bytes: everything before the bad byte decoded cleanly.
        col = len(raw[raw.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8")) + 1
        msg = "file is not UTF-8 text; save it as UTF-8 (GBK files must be converted first)"
        raise ProblemsError([Problem(shown, line, col, msg, "yaml")]) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: str | Path) -> Document:
    """Read and parse one YAML file (see :func:`parse_yaml`)."""
    return parse_utf8(read_raw(path), display_path(path))


_BOM = "\ufeff".encode()
_UTF16 = (b"\xff\xfe", b"\xfe\xff")  # byte order marks libyaml would read UTF-16 by


def parse_utf8(raw: bytes, path: str) -> Document:
    """``parse_yaml(decode_text(raw, path), path)``: the same document or the same problems.

    libyaml reads UTF-8 itself, refusing what Python's decoder refuses (the same bytes, so the
    same nodes at the same places), and a file it parses needs no text of its own: decoding it,
    and PyYAML's encoding it back for libyaml, cost a twentieth of parsing it. Anything the
    text's checks would look at more closely (many brackets, long lines, a UTF-16 mark) and
    anything that fails is parsed from its text, as before, so every problem is told as it was.
    """
    body = raw.removeprefix(_BOM)
    if not body.startswith(_UTF16) and quick_limits(body):
        try:
            return _document(body, path)
        except (yaml.YAMLError, ProblemsError, ValueError, KeyError):
            pass  # located in the text, below
    return parse_yaml(decode_text(raw, path), path)


def parse_yaml(text: str, path: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`ProblemsError` with positions."""
    check_nesting(text, path)
    check_depth(text, path)
    try:
        return _document(text, path)
    except yaml.YAMLError as exc:
        raise ProblemsError([yaml_problem(exc, path, text)]) from None
    except (ValueError, KeyError) as exc:  # PyYAML's own constructor on a tag its text defies
        message = f"invalid YAML: a value does not match its tag ({exc})"
        raise ProblemsError([Problem(path, 1, 1, message, "yaml")]) from None


def _document(stream: str | bytes, path: str) -> Document:
    loader = _Loader(stream)
    try:
        root = loader.get_single_node()
        # Without an anchor (&) nothing is shared: each node is one value, counted as it is built.
        shared = ("&" if isinstance(stream, str) else b"&") in stream  # type: ignore[operator]
        data = construct(loader, root, path, shared=shared) if root is not None else None
    finally:
        loader.dispose()
    duplicates = [
        Problem(
            path,
            n.start_mark.line + 1,
            n.start_mark.column + 1,
            f"key {n.value!r} appears twice in this mapping; YAML would silently keep only "
            "the last one — remove or rename one of them",
            "duplicate-key",
        )
        for n in loader.duplicates
    ]
    return Document(path, data, root, duplicates)
