"""Named check functions, their outcome, and the ``any`` / ``all`` / ``not`` combinators.

A check function is a plain function ``fn(ctx, **options) -> Outcome`` registered with
:func:`check`. Its keyword-only parameters *are* its options, and their type annotations
are the options' schema (:func:`option_schema`, JSON Schema, Spectral's ``optionSchemas``):
the rule loader checks a rule's options against it, so a typo or a value of the wrong
type in YAML is an error with file and line — not a silently ignored option, nor a rule
that evaluates to ``error`` and quietly drops out of the score. The same schemas make up
``rules/schema.json`` for editors.

Annotations understood: ``int``, ``float``, ``bool``, ``str``, ``list[X]``,
``dict[str, X]``, ``Literal[...]``, ``X | None`` and ``Annotated[X, Schema(keyword=value)]``
for constraints (ranges, enums, ``minItems``); the aliases below name the common ones.
One-off constraints may instead be given to the decorator:
``@check("leaders", options={"min_bio_facts": {"minimum": 1}})``.

Verdict discipline (axe-core's): a function returns ``pass`` or ``fail`` only when it is
sure, and always with evidence; when it found something it cannot judge it returns
``review``; when it could not look (page not fetched, no browser) it returns ``error``.
"""

from __future__ import annotations

import inspect
import operator
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, reduce
from typing import Annotated, Any, Literal, Union

from checker.results import Evidence
from checker.vocabulary import bundled_top_level
from crawlers.snapshot import Snapshot

PASS, FAIL, REVIEW, ERROR = "pass", "fail", "review", "error"


@dataclass
class Outcome:
    status: str
    vi: str  # message in Vietnamese
    en: str  # message in English
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def message(self) -> str:
        return self.en


def outcome(status: str, vi: str, en: str, evidence: list[Evidence] | None = None) -> Outcome:
    return Outcome(status, vi, en, list(evidence or []))


@dataclass
class Context:
    """What a check function may read: the snapshot, the portal's level and registry entry,
    the evaluation time, and a per-portal cache shared by all rules (so that e.g. leader
    extraction runs once even when two rules use it)."""

    snapshot: Snapshot
    level: str
    now: datetime
    portal: dict[str, Any] = field(default_factory=dict)  # registry entry: id, name, parent_url …
    settings: dict[str, Any] = field(default_factory=dict)  # e.g. {"browser": <Browser>}
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the rule set's shared words (checker.vocabulary)
    cache: dict[Any, Any] = field(default_factory=dict)
    _incomplete: set[Any] = field(default_factory=set, repr=False)  # memo keys computed with something missing
    top: bool | None = None  # at its regime's first level (the provincial portal); evaluate() sets it

    @property
    def at_top(self) -> bool:
        """Whether the portal heads a province's tree (links down to the others, which link up
        to it): its level is the regime's first (checker.regime). A context built without
        ``top`` (a test's) compares with the default rule set's regime."""
        if self.top is not None:
            return self.top
        return self.level == bundled_top_level()

    @property
    def incomplete(self) -> set[Any]:
        """The memo keys whose values were computed while something they read was missing."""
        return self._incomplete

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per evaluation. A value computed while something it read was
        missing (a gather round) is *incomplete*: every later reader counts as missing it too,
        so the gather loop re-runs each rule that used it, not only the first one."""
        snap = self.snapshot
        if key not in self.cache:
            before = snap.misses
            self.cache[key] = compute()
            if snap.misses > before:
                self._incomplete.add(key)
        elif key in self._incomplete:
            snap.misses += 1
        return self.cache[key]


CheckFn = Callable[..., Outcome]
FUNCTIONS: dict[str, CheckFn] = {}
# artifact kinds (crawlers/artifacts.py) a check function reads besides the crawled pages
NEEDS: dict[str, tuple[str, ...]] = {}
# per-option JSON Schema constraints given to the decorator, merged over the annotation's
CONSTRAINTS: dict[str, dict[str, dict[str, Any]]] = {}
COMBINATORS = ("any", "all", "not", "suggests")


class Schema:
    """JSON Schema keywords that constrain an option's type:
    ``Annotated[int, Schema(minimum=1)]``. (Not a plain dict: typing hashes the metadata
    of ``Annotated[...] | None``.)"""

    def __init__(self, keywords: dict[str, Any] | None = None, **more: Any):
        self.keywords: dict[str, Any] = {**(keywords or {}), **more}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Schema) and other.keywords == self.keywords

    def __hash__(self) -> int:
        return hash(repr(sorted(self.keywords.items())))

    def __repr__(self) -> str:
        return f"Schema({self.keywords!r})"


# -- option types with their constraints (use in check function signatures) --------------------
Count = Annotated[int, Schema(minimum=0)]
"""A whole number ≥ 0 (a threshold that 0 switches off, a limit)."""
Positive = Annotated[int, Schema(minimum=1)]
"""A whole number ≥ 1 (pages to sample, results to open)."""
Seconds = Annotated[float, Schema(exclusiveMinimum=0)]
"""A duration in seconds, > 0."""
Phrase = Annotated[str, Schema({"x-d43-phrase": True}, minLength=1)]
"""A search phrase: text that keeps a letter or digit once folded (crawlers.text.fold), so
that it can match anything at all."""
Phrases = Annotated[list[Phrase], Schema(minItems=1)]
"""A non-empty list of phrases (a term list)."""
NonEmpty = Schema(minItems=1)
"""A list that must not be empty: ``Annotated[list[str], NonEmpty]``."""


def check(name: str, *, needs: tuple[str, ...] = (),
          options: dict[str, dict[str, Any]] | None = None) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check function ``name`` (usable in YAML as ``{name: {options}}``).
    ``needs`` names the artifact kinds it reads besides pages (``"axe"``, ``"support"``).
    ``options`` adds JSON Schema constraints to single options, over their annotation."""

    def register(fn: CheckFn) -> CheckFn:
        if name in FUNCTIONS or name in COMBINATORS:
            raise ValueError(f"check function {name!r} registered twice")
        unknown = set(options or {}) - option_names(fn)[0]
        if unknown:  # a constraint on an option the function does not have constrains nothing
            raise ValueError(f"check function {name!r}: constraints for unknown options {sorted(unknown)}")
        FUNCTIONS[name] = fn
        NEEDS[name] = tuple(needs)
        CONSTRAINTS[name] = dict(options or {})
        option_schema.cache_clear()
        return fn

    return register


def option_names(fn: CheckFn) -> tuple[set[str], set[str]]:
    """(all option names, required option names) of a check function."""
    names, required = set(), set()
    for p in inspect.signature(fn).parameters.values():
        if p.kind is p.KEYWORD_ONLY:
            names.add(p.name)
            if p.default is p.empty:
                required.add(p.name)
    return names, required


@cache
def option_schema(name: str) -> dict[str, Any]:
    """The JSON Schema of the options of check function ``name``, derived from the type
    annotations of its keyword-only parameters (plus the decorator's constraints).
    Raises TypeError when an option has no annotation or one that has no JSON equivalent:
    every option must say what it accepts."""
    fn = FUNCTIONS[name]
    try:
        hints = typing.get_type_hints(fn, include_extras=True)
    except (NameError, TypeError, SyntaxError) as exc:  # an annotation naming something undefined
        raise TypeError(f"check function {name!r}: cannot resolve annotations: {exc}") from None
    props: dict[str, Any] = {}
    required: list[str] = []
    for p in inspect.signature(fn).parameters.values():
        if p.kind is not p.KEYWORD_ONLY:
            continue
        if p.name not in hints:
            raise TypeError(f"check function {name!r}: option {p.name!r} has no type annotation")
        try:
            prop = type_schema(hints[p.name])
        except TypeError as exc:
            raise TypeError(f"check function {name!r}: option {p.name!r}: {exc}") from None
        prop.update(CONSTRAINTS.get(name, {}).get(p.name, {}))
        if p.default is p.empty:
            required.append(p.name)
        elif p.default is not None:
            prop["default"] = p.default
        props[p.name] = prop
    out: dict[str, Any] = {"type": ["object", "null"] if not required else "object"}
    doc = inspect.getdoc(fn)
    if doc:
        out["description"] = doc
    out.update({"properties": props, "additionalProperties": False})
    if required:
        out["required"] = required
    return out


def type_schema(tp: Any) -> dict[str, Any]:
    """JSON Schema of one annotation (see the module docstring for what is understood)."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is Annotated:
        out = type_schema(args[0])
        for extra in args[1:]:
            if isinstance(extra, Schema):
                out.update(extra.keywords)
        return out
    if origin in (Union, types.UnionType):
        if type(None) not in args:
            raise TypeError(f"unions other than X | None have no schema: {tp!r}")
        rest = [a for a in args if a is not type(None)]
        inner = type_schema(reduce(operator.or_, rest))
        if "enum" in inner:  # every schema above has a single "type", an "enum" or both
            inner["enum"] = [*inner["enum"], None]
        if isinstance(inner.get("type"), str):
            inner["type"] = [inner["type"], "null"]
        return inner
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": type_schema(args[0])} if args else {"type": "array"}
    if origin is dict:
        if args and args[0] is not str:
            raise TypeError(f"mapping keys must be str: {tp!r}")
        return {"type": "object", "additionalProperties": type_schema(args[1])} if args else {"type": "object"}
    simple = {bool: "boolean", int: "integer", float: "number", str: "string"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"annotation {tp!r} has no JSON Schema equivalent")


def run(ctx: Context, expr: dict[str, Any]) -> Outcome:
    """Evaluate a check expression: ``{name: options}``, ``{any: [...]}``, ``{all: [...]}``,
    ``{not: expr}`` or ``{suggests: expr}``. Expressions are validated at load time
    (checker.rules)."""
    (name, arg), = expr.items()
    if name == "all":
        return _all(ctx, arg)
    if name == "any":
        return _any(ctx, arg)
    if name == "not":
        return _not(run(ctx, arg))
    if name == "suggests":
        return _suggests(run(ctx, arg))
    fn = FUNCTIONS[name]
    try:
        return fn(ctx, **(arg or {}))
    except Exception as exc:  # a bug or an unexpected page must not take the scan down
        return outcome(ERROR, f"Lỗi khi đánh giá ({name}): {exc}", f"Check {name} failed: {type(exc).__name__}: {exc}")


def _all(ctx: Context, exprs: list[dict[str, Any]]) -> Outcome:
    """Pass when every part passes. A fail decides (reported with its evidence); otherwise
    a review or error in any part makes the whole a review or error."""
    outs = [run(ctx, e) for e in exprs]
    for status in (FAIL, ERROR, REVIEW):
        hits = [o for o in outs if o.status == status]
        if hits:
            return _merge(status, hits)
    return _merge(PASS, outs)


def _any(ctx: Context, exprs: list[dict[str, Any]]) -> Outcome:
    """Pass as soon as one part passes (later parts are not run). Otherwise review if any
    part said review, error if any said error, and fail only when every part failed."""
    outs: list[Outcome] = []
    for e in exprs:
        o = run(ctx, e)
        if o.status == PASS:
            return o
        outs.append(o)
    for status in (REVIEW, ERROR):
        hits = [o for o in outs if o.status == status]
        if hits:
            return _merge(status, hits)
    return _merge(FAIL, outs)


def _not(o: Outcome) -> Outcome:
    flipped = {PASS: FAIL, FAIL: PASS}.get(o.status, o.status)
    return Outcome(flipped, o.vi, o.en, o.evidence)


def _suggests(o: Outcome) -> Outcome:
    """Indirect evidence: what would pass ``expr`` only *suggests* the requirement is met
    (e.g. an answered Q&A section where petitions answers are required), so a person must
    look: its pass becomes review; fail, review and error stay as they are."""
    if o.status != PASS:
        return o
    return Outcome(REVIEW, f"Có dấu hiệu đáp ứng, cần kiểm tra: {o.vi}", f"Possibly met, check by hand: {o.en}", o.evidence)


def _merge(status: str, outs: list[Outcome]) -> Outcome:
    vi = "; ".join(dict.fromkeys(o.vi for o in outs if o.vi))
    en = "; ".join(dict.fromkeys(o.en for o in outs if o.en))
    ev: list[Evidence] = []
    seen: set[tuple[str, str]] = set()
    for o in outs:
        for e in o.evidence:
            if (e.url, e.excerpt) not in seen:
                seen.add((e.url, e.excerpt))
                ev.append(e)
    return Outcome(status, vi, en, ev[:20])
