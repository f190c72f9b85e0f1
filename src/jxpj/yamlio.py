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

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from jxpj.errors import Problem, ProblemsError, UsageError, display_path

MAX_BYTES = 10 * 1024 * 1024  # the largest real evidence files are tens of kilobytes
MAX_NODES = 200_000  # counted with aliases expanded, so an alias bomb stops here
MAX_DEPTH = 64  # nesting levels; real specs use fewer than ten
MAX_NESTING_CHARS = 1_000  # brackets opened in a row before the parser is even asked
_STR_TAG = "tag:yaml.org,2002:str"

try:
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - libyaml is part of the PyPI wheels we depend on
    _BaseLoader = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """PyYAML's safe loader with exact numbers, string dates and duplicate-key detection."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates: list[yaml.Node] = []

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        value = super().construct_scalar(node)
        # libyaml refuses raw control characters, but escapes ("\e[31m", "\x1b]0;…\a") make
        # them: text that would drive the terminal when jxpj prints a name or a finding.
        found = _CONTROL.search(value) if isinstance(value, str) else None
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
_MAX_INT_DIGITS = 100  # far beyond any real count; Python refuses int("9" * 5000) with a ValueError


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
    if not _DECIMAL_INT.fullmatch(text) or len(digits) > _MAX_INT_DIGITS:
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
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)
# A key written `=` resolves to YAML 1.1's !!value tag; it is just text to us.
_Loader.add_constructor("tag:yaml.org,2002:value", _construct_text)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)


@dataclass(slots=True)
class Document:
    """A loaded YAML file: its data and the node tree that knows every value's position."""

    path: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)
    # Problems found while reading (keys given twice), reported with any found later.
    problems: list[Problem] = field(default_factory=list)
    # Each mapping's keys, indexed on first use: scanning them for every located problem made
    # 20,000 unknown codes in a 400 KB file take 22 s (quadratic); a 10 MB file, hours.
    _keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = field(default_factory=dict, repr=False, kw_only=True)

    def locate(self, loc: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """1-based (line, column) of the value at ``loc``, or of its key with ``key=True``.

        Elements of ``loc`` that do not exist in the file (pydantic adds union tags, a missing
        field is not there at all) are skipped, so the answer is the deepest node that exists.
        """
        node = self.root
        if node is None:
            return (1, 1)
        key_node: yaml.Node | None = None
        for part in loc:
            child, child_key = _child(node, part, self._keys)
            if child is not None:
                node, key_node = child, child_key
        target = key_node if key and key_node is not None else node
        return (target.start_mark.line + 1, target.start_mark.column + 1)

    def sub(self, loc: Sequence[str | int], data: Any) -> Document:
        """A document for the part of this file at ``loc`` (e.g. an evidence fragment inside a
        spec's ``tests:``), holding ``data``, whose problems point into this file."""
        node = self.root
        for part in loc:
            child, _ = _child(node, part, self._keys) if node is not None else (None, None)
            if child is None:
                break  # what is missing is located at the deepest part that exists
            node = child
        return Document(self.path, data, node)

    def problem(
        self, loc: Sequence[str | int], message: str, *, check: str = "schema", key: bool = False
    ) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, message, check)


def _child(
    node: yaml.Node, part: str | int, cache: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]]
) -> tuple[yaml.Node | None, yaml.Node | None]:
    if isinstance(node, yaml.MappingNode):
        index = cache.get(id(node))
        if index is None:
            index = {}
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    # The last of a duplicated key: that is the value YAML kept and validation saw.
                    index[key_node.value] = (value_node, key_node)
            cache[id(node)] = index
        return index.get(str(part), (None, None))
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return node.value[part], None
    return None, None


def read_text(path: str | Path) -> str:
    """The file's text, or a :class:`UsageError` (missing, unreadable) or a located problem."""
    shown = display_path(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise ProblemsError(
                [Problem(shown, 1, 1, f"file is {size:,} bytes; jxpj reads at most {MAX_BYTES:,}", "yaml")]
            )
        # Read at most one byte past the limit: a device or pipe reports size 0 (`jxpj score
        # /dev/zero` read forever), and a file may grow after stat.
        with open(path, "rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            msg = f"file is over {MAX_BYTES:,} bytes; jxpj reads at most {MAX_BYTES:,}"
            raise ProblemsError([Problem(shown, 1, 1, msg, "yaml")])
    except IsADirectoryError:
        raise UsageError(f"{shown}: is a folder, expected a YAML file") from None
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read: {exc.strerror or exc}") from None
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
    return parse_yaml(read_text(path), display_path(path))


def parse_yaml(text: str, path: str = "<string>") -> Document:
    """Parse YAML text into a :class:`Document`, or raise :class:`ProblemsError` with positions."""
    _check_nesting(text, path)
    _check_depth(text, path)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            # Without an anchor (&) nothing is shared, so a plain walk counts the same nodes.
            _check_size(root, path) if "&" in text else _check_tree_size(root, path, 1)
        data = _construct(loader, root, shared="&" in text) if root is not None else None
    except yaml.YAMLError as exc:
        raise ProblemsError([_yaml_problem(exc, path, text)]) from None
    except (ValueError, KeyError) as exc:  # PyYAML's own constructor on a tag its text defies
        message = f"invalid YAML: a value does not match its tag ({exc})"
        raise ProblemsError([Problem(path, 1, 1, message, "yaml")]) from None
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


class _Unusual(Exception):
    """A node the plain constructor leaves to PyYAML's (merge keys, other tags, odd keys)."""


_TAG = "tag:yaml.org,2002:"
_SCALARS = frozenset(_TAG + name for name in ("float", "int", "bool"))


def _construct(loader: _Loader, root: yaml.Node, *, shared: bool) -> Any:
    """The document's data. Without anchors every node is built once by :func:`_plain`, a
    fraction of the cost of PyYAML's general constructor (which guards against the aliases and
    recursion that cannot occur here); anything unusual goes the general way, same result."""
    if not shared:
        try:
            return _plain(loader, root)
        except _Unusual:
            loader.duplicates.clear()  # found again below
    return loader.construct_document(root)


def _plain(loader: _Loader, node: yaml.Node) -> Any:
    kind, tag = type(node), node.tag
    if isinstance(node, yaml.ScalarNode) and kind is yaml.ScalarNode:
        if tag == _TAG + "str" or tag == _TAG + "timestamp":  # dates stay text, as in _Loader
            return loader.construct_scalar(node)  # which refuses control characters
        if tag in _SCALARS:  # exactly the constructors _Loader registers for these tags
            return _Loader.yaml_constructors[tag](loader, node)
        if tag == _TAG + "null":
            return None
    elif kind is yaml.SequenceNode and tag == _TAG + "seq":
        return [_plain(loader, child) for child in node.value]
    elif kind is yaml.MappingNode and tag == _TAG + "map":
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _plain(loader, key_node)  # a merge key (<<) has its own tag: _Unusual
            if isinstance(key, list | dict):
                raise _Unusual  # unhashable: PyYAML's constructor reports it with its position
            if key in mapping:
                loader.duplicates.append(key_node)
            mapping[key] = _plain(loader, value_node)
        return mapping
    raise _Unusual


def _yaml_problem(exc: yaml.YAMLError, path: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        # A control character: the reader reports an offset, not a line, and a two-line message.
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        msg = f"invalid YAML: control character #x{exc.character:04X} is not allowed; remove it"
        return Problem(path, line, col, msg, "yaml")
    if not isinstance(exc, yaml.MarkedYAMLError):  # pragma: no cover - libyaml marks the rest
        return Problem(path, 1, 1, f"invalid YAML: {exc}", "yaml")
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "invalid YAML"
    if "expected a single document" in f"{exc.context} {problem}":  # context or problem, by version
        problem = "the file holds more than one YAML document (a second '---'); keep one per file"
    elif "could not determine a constructor" in problem:
        problem = f"{problem}; custom YAML tags are not allowed in jxpj files"
    elif exc.context and "duplicate anchor" in exc.context and exc.context_mark:
        first = exc.context_mark.line + 1
        problem = f"this anchor name is already used on line {first}; give each anchor its own name"
    elif exc.context:
        problem = f"{exc.context}, {problem}"
    return Problem(path, line, col, f"invalid YAML: {problem}", "yaml")


def _check_nesting(text: str, path: str) -> None:
    # libyaml's parser is quadratic in flow depth (100,000 brackets take ~25 s); refuse absurd
    # flow nesting before it starts. Counting first keeps the character loop off normal files.
    if text.count("[") + text.count("{") <= MAX_NESTING_CHARS:
        return
    depth = best = 0
    for char in text:
        if char in "[{":
            depth += 1
            best = max(best, depth)
            if best > MAX_NESTING_CHARS:
                break
        elif char in "]}":
            depth = max(0, depth - 1)
    if best > MAX_NESTING_CHARS:
        msg = f"nesting deeper than {MAX_NESTING_CHARS} brackets; this is not a jxpj file"
        raise ProblemsError([Problem(path, 1, 1, msg, "yaml-limit")])


def _check_tree_size(node: yaml.Node, path: str, depth: int) -> int:
    """:func:`_check_size` for a document without anchors: same walk order, same problems,
    no memo (every node is visited once). Recursion stops at ``MAX_DEPTH``."""
    if depth > MAX_DEPTH:
        _raise_depth(node, path)
    value = node.value
    if type(value) is str:  # a scalar
        return 1
    size = 1
    if type(node) is yaml.MappingNode:
        for key_node, value_node in reversed(value):
            size += _check_tree_size(value_node, path, depth + 1)
            size += _check_tree_size(key_node, path, depth + 1)
    else:
        for child in reversed(value):
            size += _check_tree_size(child, path, depth + 1)
    if size > MAX_NODES:
        _raise_size(node, path)
    return size


def _raise_depth(node: yaml.Node, path: str) -> None:
    line = node.start_mark.line + 1
    msg = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
    raise ProblemsError([Problem(path, line, node.start_mark.column + 1, msg, "yaml-limit")])


def _raise_size(node: yaml.Node, path: str) -> None:
    msg = (
        f"expands to more than {MAX_NODES:,} values (aliases counted each time they are "
        "used); this looks like an alias bomb"
    )
    line, col = node.start_mark.line + 1, node.start_mark.column + 1
    raise ProblemsError([Problem(path, line, col, msg, "yaml-limit")])


_DEEP_LINE = 2_000  # levels libyaml's composer survives with room to spare (it fails near 100,000)
_LONG_LINE = re.compile(f"[^\n]{{{_DEEP_LINE + 1}}}")


def _check_depth(text: str, path: str) -> None:
    """Refuse deep nesting from the parser's events, before the composer sees it.

    libyaml's composer recurses once per level and crashes the interpreter (a segmentation
    fault, not an exception) near 100,000 levels of block nesting such as ``- - - - … x``,
    which a few hundred kilobytes of text can hold. The parser itself keeps an explicit stack,
    so counting its start/end events is safe, and we stop at the first level too deep.
    """
    # Block nesting costs at least one character of a line per level (indentation, or "- " in a
    # compact sequence) and flow nesting is bounded by _check_nesting, so a file without a line
    # over _DEEP_LINE characters cannot nest deep enough to hurt the composer: the node walk's
    # MAX_DEPTH check then applies, and the usual file is parsed once, not twice.
    if len(text) <= _DEEP_LINE or not _LONG_LINE.search(text):
        return
    parser = _BaseLoader(text)
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()  # type: ignore[no-untyped-call]
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                    msg = f"nested more than {MAX_DEPTH} levels deep; flatten the structure"
                    raise ProblemsError([Problem(path, line, col, msg, "yaml-limit")])
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        raise ProblemsError([_yaml_problem(exc, path, text)]) from None
    finally:
        parser.dispose()


def _check_size(root: yaml.Node, path: str) -> None:
    """Count nodes with aliases expanded (memoised, so counting is cheap) and the depth."""
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            _raise_depth(node, path)
        children = _children(node)
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[id(node)] > MAX_NODES:
                _raise_size(node, path)
            continue
        if id(node) in sizes:
            continue
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
