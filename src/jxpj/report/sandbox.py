"""The template sandbox's limits: templates may format, but never compute without bound, and never
change what another template sees.

A user's templates are code from a stranger as much as a spec is. Jinja's sandbox keeps them
from Python's internals, not from exhausting the machine: ``{{ 9**(9**9) }}`` hung while the
template was compiled (Jinja folds constants), nested ``range(100000)`` loops while it rendered,
and a template could ``update`` a dict of the shared context, so that ``summary.md`` showed
another total than the report. Here:

* the environment is Jinja's immutable sandbox: lists, dicts and sets cannot be changed;
* ``**``, ``*``, ``+``, ``%`` and ``//`` are intercepted (so never folded at compile time) and
  refused when the result would be huge: powers beyond :data:`MAX_BITS`, text or lists beyond
  :data:`MAX_TEXT`, format widths of five digits;
* ``range`` draws on one budget per render (:data:`MAX_ITEMS` items in all, however nested);
* filters and methods that pad or repeat (``center``, ``indent``, ``batch``…) take sizes of at
  most :data:`MAX_WIDTH`;
* each render stops after :data:`MAX_SECONDS` or :data:`MAX_OUTPUT` characters of output.

Each limit raises :class:`TemplateLimit`, which rendering reports at the template's line.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from jinja2 import Environment, Template
from jinja2.nodes import EvalContext
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_SECONDS = 10.0  # a report renders in a fraction of a second; a portfolio of thousands, in a few
MAX_OUTPUT = 50 * 1024 * 1024  # characters of one rendered file: a report is some 100 KB
MAX_TEXT = 1_000_000  # characters (or items) a single operation may produce
MAX_ITEMS = 1_000_000  # range() items per render, all calls together
MAX_BITS = 10_000  # an integer power's size: some 3,000 digits
MAX_WIDTH = 10_000  # a padding width, a batch size, a repeat count
_WIDE_FORMAT = re.compile(r"\d{5,}|\{[^{}]*:[^{}]*\{|%[^a-zA-Z%]*\*")  # width ≥ 10,000, or one taken from an argument
_SIZED_FILTERS = ("batch", "center", "indent", "slice", "truncate", "wordwrap")
_SIZED_METHODS = ("center", "ljust", "rjust", "zfill", "expandtabs")


class TemplateLimit(Exception):
    """A template asked for more work than a report can need."""


@dataclass(slots=True)
class _Budget:
    deadline: float
    items: int = MAX_ITEMS
    output: int = MAX_OUTPUT
    started: float = field(default_factory=time.monotonic)

    def spend(self, characters: int) -> None:
        self.output -= characters
        if self.output < 0:
            raise TemplateLimit(f"the rendered text is over {MAX_OUTPUT:,} characters; a template must not produce this much")
        self.tick()

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimit(f"rendering took more than {MAX_SECONDS:g} seconds; a template must not compute this much")


_BUDGET: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("jxpj_template_budget", default=None)


def _tick() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.tick()


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounded arithmetic, ranges, sizes, time and output."""

    intercepted_binops = frozenset({"**", "*", "+", "%", "//"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = _range
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def add_filters(self, filters: Mapping[str, Callable[..., Any]]) -> None:
        """Register filters of jxpj's own, bounded like the built-in ones."""
        self.filters.update({name: _bounded_filter(name, f) for name, f in filters.items()})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        _check_binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # Jinja's signature: the double underscores keep keyword arguments free
        _tick()
        target = getattr(__obj, "__wrapped__", __obj)
        owner, name = getattr(target, "__self__", None), getattr(target, "__name__", "")
        if isinstance(owner, str):
            if name in ("format", "format_map"):
                _check_format(owner)
            elif name in _SIZED_METHODS:
                _check_sizes(name, args, kwargs)
            elif name == "replace" and len(args) >= 2:
                _check_replace(owner, args[0], args[1])
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        return super().getitem(obj, argument)


def render_bounded(template: Template, context: Mapping[str, Any]) -> str:
    """``template.render(context)`` within the time and output limits (piece by piece, so a
    template cannot produce 50 MB before it is stopped)."""
    budget = _Budget(deadline=time.monotonic() + MAX_SECONDS)
    token = _BUDGET.set(budget)
    try:
        with _alarm():
            return _render(template, context, budget)
    finally:
        _BUDGET.reset(token)


def _render(template: Template, context: Mapping[str, Any], budget: _Budget) -> str:
    pieces: list[str] = []
    stream = cast(Generator[str, None, None], template.generate(context))  # typed Iterator, made by a generator
    for piece in stream:
        pieces.append(piece)
        try:
            budget.spend(len(piece))
        except TemplateLimit as exc:
            stream.throw(exc)  # raised where the template is, so that the problem names its line
    return "".join(pieces)


@contextlib.contextmanager
def _alarm() -> Iterator[None]:
    """The time limit for loops that touch nothing the sandbox sees (``{% for a in rows %}`` six
    deep, with an empty body): a timer, where one can be set without disturbing the caller's
    (the main thread, no handler or timer of its own); elsewhere the checks above suffice."""
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def ring(_signum: int, _frame: Any) -> None:
        raise TemplateLimit(f"rendering took more than {MAX_SECONDS:g} seconds; a template must not compute this much")

    signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS + 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def _range(*args: int) -> range:
    _tick()
    numbers = range(*args)
    budget = _BUDGET.get()
    if budget is not None:
        budget.items -= len(numbers)
        if budget.items < 0:
            raise TemplateLimit(f"range() was asked for more than {MAX_ITEMS:,} numbers in one template; a template must not loop this much")
    elif len(numbers) > MAX_ITEMS:
        raise TemplateLimit(f"range() of more than {MAX_ITEMS:,} numbers")
    return numbers


def _check_binop(operator: str, left: Any, right: Any) -> None:
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in (left, right))
    if operator == "**" and numbers:
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0 and right * left.bit_length() > MAX_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large a number for a template")
        return
    if operator == "*" and not numbers:
        count = right if isinstance(right, int) else left if isinstance(left, int) else 1
        sized = left if isinstance(right, int) else right
        if isinstance(count, int) and hasattr(sized, "__len__") and len(sized) * count > MAX_TEXT:
            raise TemplateLimit(f"repeating {len(sized):,} characters or items {count:,} times is too much for a template")
    elif operator == "*" and isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_BITS:
        raise TemplateLimit("the product is too large a number for a template")
    elif operator == "+" and hasattr(left, "__len__") and hasattr(right, "__len__") and len(left) + len(right) > MAX_TEXT:
        raise TemplateLimit(f"joining text or lists of more than {MAX_TEXT:,} characters or items is too much for a template")
    elif operator == "%" and isinstance(left, str):
        _check_format(left)


def _check_format(text: str) -> None:
    if _WIDE_FORMAT.search(text):
        raise TemplateLimit("a format field of 10,000 characters or more (or of a width given as an argument) is too wide for a template")


def _check_sizes(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_WIDTH:
            raise TemplateLimit(f"{name}() of {value:,} is too large for a template (at most {MAX_WIDTH:,})")


def _check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        grown = len(text) + (text.count(old) if old else len(text) + 1) * (len(new) - len(old))
        if grown > MAX_TEXT and grown > 2 * len(text):
            raise TemplateLimit(f"replace() would make {grown:,} characters; too much for a template")


def _bounded_filter(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(f)  # keeps Jinja's pass_context/pass_eval_context marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _tick()
        values = [a for a in args if not _is_jinja_state(a)]
        if name in _SIZED_FILTERS:
            _check_sizes(name, tuple(values[1:]), kwargs)
        elif name == "format" and values and isinstance(values[0], str):
            _check_format(values[0])
        elif name == "replace" and len(values) >= 3:
            _check_replace(values[0], values[1], values[2])
        return f(*args, **kwargs)

    return bounded


def _is_jinja_state(value: Any) -> bool:
    """The environment, context or evaluation context Jinja passes first to some filters."""
    return isinstance(value, Environment | Context | EvalContext)
