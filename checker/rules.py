"""Loading rule files: JSON Schema validation, typed check options, ``extends``.

Words shared by several checks sit in a top-level ``vocabulary`` block (:mod:`checker.vocabulary`).

A user's rule file can say ``extends: decree43`` (the bundled set) or a path, then add
rules, override fields of single rules by id (``check`` replaces the whole check), or drop
them with ``disabled: true`` — without editing the original file, as with Semgrep and
Spectral. Every error names file, line and field (exit code 2 in the CLI), including a
check option of the wrong type (checked against the function's declared schema, see
checker.registry and checker.rule_schema).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from checker import regime as regimes
from checker import registry, vocabulary
from checker.bundled import DEFAULT, builtin_path, bundled
from checker.regime import Level, Regime
from checker.rule_schema import describe, options_validator, rules_schema
from checker.yamlfile import LineDict, LineList, RuleFileError, field_path, line_of, load_yaml
from reports import citations

__all__ = ["DEFAULT", "Level", "LineDict", "LineList", "Regime", "Rule", "RuleFileError", "RuleSet", "builtin_path", "bundled",
           "field_path", "line_of", "load_rules", "load_yaml", "resolve_rules", "schema"]

SEVERITY_WEIGHTS = {"critical": 4.0, "serious": 3.0, "moderate": 2.0, "minor": 1.0}
AUTO = "auto"


# -- the model -------------------------------------------------------------------------------
@dataclass
class Rule:
    id: str
    title: dict[str, str]
    legal: dict[str, Any]  # resolved references and note (reports.citations.stored)
    levels: list[str]
    severity: str
    check: dict[str, Any]
    help: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    weight: float = 1.0
    tags: list[str] = field(default_factory=list)
    file: str = ""
    line: int = 0

    def meta(self) -> dict[str, Any]:
        """What reports need to render a result without the rules file."""
        return {"title": self.title, "legal": self.legal, "severity": self.severity,
                "weight": self.weight, "help": self.help, "levels": self.levels, "tags": self.tags,
                "description": self.description}


@dataclass
class RuleSet:
    name: str
    version: str
    file: str
    rules: list[Rule]
    fixtures: list[Path] = field(default_factory=list)  # fixture roots, base set first
    regime: Regime = field(default_factory=lambda: Regime(id=""))
    documents: dict[str, Any] = field(default_factory=dict)  # cited documents by number/symbol
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words shared by checks (checker.vocabulary)

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def meta(self) -> dict[str, dict[str, Any]]:
        return {r.id: r.meta() for r in self.rules}


def schema() -> dict[str, Any]:
    """The rule-file JSON Schema with every check function's options (rules/schema.json)."""
    return rules_schema()


@cache
def _structure_validator() -> jsonschema.Draft202012Validator:
    """The document's structure; function options are checked one by one afterwards
    (_validate_check), with messages that name the function and option."""
    return jsonschema.Draft202012Validator(rules_schema(functions=False))




def resolve_rules(spec: str | Path | None, *, now: datetime | date | None = None, base: Path | None = None,
                  where: tuple[str | Path, int | None, str] | None = None,
                  catalogue: dict[str, Path] | None = None) -> Path:
    """The rule file ``spec`` names: a bundled NAME (``decree42``), a path (relative to
    ``base``), ``auto`` (the bundled file whose regime is in force on ``now``, today when
    None) or None (the default bundled set). ``where`` (file, line, field) locates ``spec``
    in the file that named it, for the error (else it is the ``--rules`` option's).
    ``catalogue`` replaces the bundled files (tests)."""
    files = bundled() if catalogue is None else catalogue

    def error(message: str) -> RuleFileError:
        file, line, fld = where or ("--rules", None, "")
        return RuleFileError(file, line, fld, message)

    if spec is None or spec == "":
        return builtin_path()
    text = str(spec)
    if text == AUTO:
        day = now.date() if isinstance(now, datetime) else (now or date.today())
        chosen = [(r.in_force_from, name, path) for name, path in files.items()
                  for r in [regime_of(path)] if r.in_force_on(day)]
        if not chosen:
            spans = "; ".join(f"{n}: {regime_of(p).span()}" for n, p in files.items())
            raise error(f"auto: no bundled rule file is in force on {day.isoformat()} ({spans})")
        return max(chosen)[2]  # the latest regime when two overlap
    if text in files:
        return files[text]
    path = Path(text) if base is None or Path(text).is_absolute() else base / text
    if not path.is_file():
        raise error(f"no rules file {text!r} (bundled: {', '.join(files)}, or auto, or a path)")
    return path


@cache
def regime_of(path: Path) -> Regime:
    """The regime of a rule file (loaded once per process)."""
    return load_rules(path).regime


def bundled_regime(name: str) -> Regime:
    """The regime of a bundled rule file."""
    return regime_of(bundled()[name])


def load_rules(path: str | Path | None = None) -> RuleSet:
    """Load a rule file (default: the bundled decree43.yaml), following ``extends``."""
    return _load(Path(path) if path else builtin_path(), seen=())


def _load(path: Path, seen: tuple[Path, ...]) -> RuleSet:
    path = path.resolve()
    if path in seen:
        raise RuleFileError(path, None, "extends", "circular extends")
    doc = load_yaml(path)
    if not isinstance(doc, dict):
        raise RuleFileError(path, getattr(doc, "line", 1), "", "a rules file is a mapping with a 'rules' list")
    regimes.normalise_dates(doc)
    _validate_schema(path, doc)

    base: RuleSet | None = None
    if "extends" in doc:
        target = str(doc["extends"])
        base_path = builtin_path(target) if target in bundled() else (path.parent / target)
        if target not in bundled() and not base_path.exists():
            raise RuleFileError(path, line_of(doc, ["extends"]), "extends",
                                f"no rules file {target!r} (bundled: {', '.join(bundled())})")
        base = _load(base_path, seen + (path,))

    documents = {**(base.documents if base else {}), **dict(doc.get("documents") or {})}
    rules: dict[str, Rule] = {r.id: r for r in base.rules} if base else {}
    raw_base: dict[str, dict[str, Any]] = {r.id: _raw(r) for r in base.rules} if base else {}
    for i, entry in enumerate(doc.get("rules", [])):
        rid = entry["id"]
        loc = ["rules", i]
        if entry.get("disabled"):
            if rid not in rules:
                raise RuleFileError(path, line_of(doc, loc + ["id"]), field_path(loc + ["id"]), f"cannot disable unknown rule {rid!r}")
            del rules[rid]
            continue
        merged = {**raw_base.get(rid, {}), **{k: v for k, v in entry.items() if k != "disabled"}}
        missing = [k for k in ("title", "legal", "levels", "severity", "check") if k not in merged]
        if missing:
            raise RuleFileError(path, line_of(doc, loc), field_path(loc), f"rule {rid!r} lacks {', '.join(missing)}")
        if "check" in entry:
            _validate_check(path, doc, loc + ["check"], entry["check"])
        rule = Rule(
            id=rid, title=dict(merged["title"]), legal=citations.stored(merged["legal"], documents), levels=list(merged["levels"]),
            severity=merged["severity"], check=merged["check"], help=dict(merged.get("help") or {}),
            description=dict(merged.get("description") or {}),
            weight=float(merged.get("weight", SEVERITY_WEIGHTS[merged["severity"]])),
            tags=list(merged.get("tags") or []),
            file=str(path), line=line_of(doc, loc) or 0)
        raw_base[rid] = merged
        rules[rid] = rule

    regime = regimes.parse(path, doc, documents, base.regime if base else None,
                           list(dict.fromkeys(lv for r in rules.values() for lv in r.levels)))
    _check_levels(path, doc, regime, rules)
    fixtures = list(base.fixtures) if base else []
    fx = path.parent / str(doc.get("fixtures", "fixtures"))
    if fx.is_dir() and fx not in fixtures:
        fixtures.append(fx)
    return RuleSet(name=str(doc.get("name", path.stem)), version=str(doc.get("version", "")),
                   file=str(path), rules=list(rules.values()), fixtures=fixtures,
                   regime=regime, documents=documents,
                   vocabulary=vocabulary.merged(base.vocabulary if base else None, doc.get("vocabulary")))


def _check_levels(path: Path, doc: Any, regime: Regime, rules: dict[str, Rule]) -> None:
    """Every rule's levels are levels of the regime: a rule of this file is pointed at, one
    inherited from ``extends`` at the regime's levels that leave its level out."""
    known = regime.level_ids
    entries = {e.get("id"): i for i, e in enumerate(doc.get("rules", [])) if isinstance(e, dict) and "levels" in e}
    for rule in rules.values():
        unknown = [lv for lv in rule.levels if lv not in known]
        if not unknown:
            continue
        where = ["rules", entries[rule.id], "levels"] if rule.id in entries else ["regime", "levels"]
        raise RuleFileError(path, line_of(doc, where), field_path(where),
                            f"rule {rule.id!r} applies at {', '.join(unknown)}, not a level of regime {regime.id!r} "
                            f"({', '.join(known)})")


def _raw(rule: Rule) -> dict[str, Any]:
    return {"title": rule.title, "legal": rule.legal, "levels": rule.levels, "severity": rule.severity,
            "check": rule.check, "help": rule.help, "description": rule.description,
            "weight": rule.weight, "tags": rule.tags}


def _validate_schema(path: Path, doc: Any) -> None:
    errors = sorted(_structure_validator().iter_errors(doc),
                    key=lambda e: (len(e.absolute_path), list(map(str, e.absolute_path))))
    if errors:
        err = jsonschema.exceptions.best_match(errors)
        p = list(err.absolute_path)
        raise RuleFileError(path, line_of(doc, p), field_path(p), err.message)


def _validate_check(path: Path, doc: Any, loc: list[Any], expr: Any) -> None:
    """A check is ``{fn: {options}}``, ``{any|all: [checks]}``, ``{not: check}`` or
    ``{suggests: check}``; options must be parameters of the named function and match
    their declared schema (type, range, choices)."""
    from checker import functions  # noqa: F401  (registers the library)

    here = line_of(doc, loc)
    if not isinstance(expr, dict) or len(expr) != 1:
        raise RuleFileError(path, here, field_path(loc), "a check is a mapping with exactly one key: a function name, any, all, not or suggests")
    (name, arg), = expr.items()
    if name in ("any", "all"):
        if not isinstance(arg, list) or not arg:
            raise RuleFileError(path, here, field_path(loc + [name]), f"{name} takes a non-empty list of checks")
        for i, sub in enumerate(arg):
            _validate_check(path, doc, loc + [name, i], sub)
        return
    if name in ("not", "suggests"):
        _validate_check(path, doc, loc + [name], arg)
        return
    fn = registry.FUNCTIONS.get(name)
    if fn is None:
        known = ", ".join(sorted(registry.FUNCTIONS))
        raise RuleFileError(path, here, field_path(loc + [name]), f"unknown check function {name!r} (known: {known})")
    if arg is None:
        arg = {}
    if not isinstance(arg, dict):
        raise RuleFileError(path, here, field_path(loc + [name]), "options must be a mapping")
    allowed, required = registry.option_names(fn)
    for key in arg:
        if key not in allowed:
            raise RuleFileError(path, line_of(doc, loc + [name, key]), field_path(loc + [name, key]),
                                f"unknown option for {name} (options: {', '.join(sorted(allowed)) or 'none'})")
    for key in sorted(required - set(arg)):
        raise RuleFileError(path, line_of(doc, loc + [name]), field_path(loc + [name]), f"{name} needs option {key!r}")
    errors = list(options_validator(name).iter_errors(arg))
    if errors:
        err = min(errors, key=lambda e: (line_of(doc, loc + [name, *e.absolute_path]) or 0, list(map(str, e.absolute_path))))
        where = loc + [name, *err.absolute_path]
        raise RuleFileError(path, line_of(doc, where), field_path(where), describe(err))
    validate = getattr(fn, "validate", None)
    if validate:  # a function may check option values itself (e.g. a regex compiles)
        problem = validate(**arg)
        if problem:
            raise RuleFileError(path, line_of(doc, loc + [name]), field_path(loc + [name]), problem)
