"""The JSON Schema of rule files, generated from the check functions' option declarations.

``rules/schema.json`` (what editors use to complete and check rule files) is *generated*:
the rule structure below plus, under each check function's name, the schema of its
options (:func:`checker.registry.option_schema`). ``python -m checker.rule_schema >
rules/schema.json`` rewrites it; a test keeps the committed file equal to the output.

The rule loader validates a document against the same structure with function options
left open (:func:`rules_schema` with ``functions=False``), then each check function's
options with :func:`options_validator`, whose errors :func:`describe` turns into one short
sentence ("expected integer, got 'two'") — jsonschema's own messages name schema keywords.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError

from checker import registry, vocabulary

TEXT = {"type": "object", "properties": {"vi": {"type": "string"}, "en": {"type": "string"}},
        "required": ["vi"], "additionalProperties": False}
# -- the legal basis: references built from structured fields (reports/citations.py) ---------
DATE = {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$", "description": "ISO date, YYYY-MM-DD."}
DOCUMENT_FIELDS = {
    "kind": {"enum": ["decree", "circular", "directive", "decision", "law", "standard"],
             "description": "Nghị định, Thông tư, Chỉ thị, Quyết định, Luật or a standard (TCVN, ISO); "
                            "default: implied by the number (NĐ-CP, TT-, CT-, QĐ-, TCVN …)."},
    "title": {"$ref": "#/$defs/text"},
    "valid_from": {**DATE, "description": "First day in force (companion documents that replaced another)."},
    "valid_to": {**DATE, "description": "Last day in force (companion documents since replaced)."},
}
DOCUMENT = {"type": "object", "additionalProperties": False,
            "properties": {"number": {"type": "string", "minLength": 1, "description": "Number/symbol, e.g. 24/2011/TT-BTTTT."},
                           **DOCUMENT_FIELDS},
            "required": ["number"]}
DOCUMENTS = {"type": "object", "description": "Documents the rules cite, keyed by number/symbol (e.g. 24/2011/TT-BTTTT).",
             "additionalProperties": {"type": "object", "additionalProperties": False, "properties": DOCUMENT_FIELDS}}
UNIT = {"type": ["integer", "string"]}
REFERENCE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "document": {"oneOf": [{"type": "string", "minLength": 1, "description": "A number/symbol, looked up in 'documents'."},
                               {"$ref": "#/$defs/document"}]},
        "chapter": {"type": "string", "description": "Chapter (Roman numeral) when the requirement is cited by chapter, not article."},
        "article": UNIT,
        "clause": UNIT,
        "point": {"type": "string", "pattern": "^[a-zđ]$"},
        "indent": {"type": "integer", "minimum": 1, "description": "Indent (gạch đầu dòng) within the point or clause."},
        "provisional": {"type": "boolean", "description": "True when the unit is inferred, not confirmed from the official text; "
                                                         "every report shows a caveat beside the citation."},
    },
    "required": ["document"],
}
LEGAL = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "refs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/reference"},
                 "description": "The references, main document first; a document cited in several references is named once."},
        "note": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/text"}]},
    },
    "required": ["refs"],
}
# The shape before structured references (hand-typed text); still read, converted on load.
LEGAL_V1 = {
    "type": "object",
    "properties": {
        "document": {"type": "string"},
        "chapter": {"type": "string"},
        "article": UNIT,
        "clause": UNIT,
        "point": {"type": "string"},
        "provisional": {"type": "boolean"},
        "text": {"$ref": "#/$defs/text"},
        "note": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/text"}]},
        "also": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["document"],
    "additionalProperties": False,
    "deprecated": True,
    "description": "Deprecated: write 'refs'. The citation is rendered from document, chapter, article, clause and "
                   "point; 'text' is ignored and each 'also' entry is read as a reference.",
}
RULE = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$"},
        "disabled": {"type": "boolean"},
        "title": {"$ref": "#/$defs/text"},
        "description": {"$ref": "#/$defs/text"},
        "legal": {"oneOf": [{"$ref": "#/$defs/legal"}, {"$ref": "#/$defs/legal_v1"}]},
        "levels": {"type": "array", "minItems": 1, "uniqueItems": True, "items": {"$ref": "#/$defs/level_id"},
                   "description": "Levels the rule applies at: levels of the file's regime (regime.levels)."},
        "severity": {"enum": ["critical", "serious", "moderate", "minor"]},
        "weight": {"type": "number", "minimum": 0},
        "tags": {"type": "array", "items": {"type": "string"}},
        "help": {"$ref": "#/$defs/text"},
        "check": {"$ref": "#/$defs/check"},
    },
    "required": ["id"],
}
# -- the regime: what the rules implement (checker/regime.py) ----------------------------------
LEVEL_ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "description": "A level id, e.g. province, department, commune."}
BILINGUAL = {"type": "object", "properties": {"vi": {"type": "string", "minLength": 1}, "en": {"type": "string", "minLength": 1}},
             "required": ["vi", "en"], "additionalProperties": False}
REGIME = {
    "type": "object",
    "additionalProperties": False,
    "description": "The legal regime the rules implement; reports, --level, the registry's levels and --rules auto "
                   "read it. A file that extends another inherits its regime and may override keys of it. "
                   "Required (here or inherited): id, document, title, levels.",
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z][a-z0-9_.-]*$", "description": "Short id, e.g. decree42."},
        "document": {"type": "string", "minLength": 1, "description": "The regime's legal document: a key of documents."},
        "title": {**BILINGUAL, "description": "How reports name the regime."},
        "basis": {**BILINGUAL, "description": "The summary's opening sentence (Căn cứ …)."},
        "in_force": {"type": "object", "additionalProperties": False, "required": ["from"],
                     "properties": {"from": DATE, "to": {**DATE, "description": "Last day in force (inclusive)."}},
                     "description": "Dates the regime is in force; --rules auto picks the bundled file in force on the as-of date."},
        "replaced_by": {"oneOf": [{"type": "null"},
                                  {"type": "object", "additionalProperties": False, "required": ["document", "from"],
                                   "properties": {"document": {"type": "string", "minLength": 1,
                                                               "description": "A key of documents."},
                                                  "from": DATE}}],
                        "description": "The document that replaced the regime and from when; reports dated after in_force.to say so."},
        "levels": {"type": "object", "minProperties": 1, "propertyNames": {"$ref": "#/$defs/level_id"},
                   "additionalProperties": BILINGUAL,
                   "description": "The levels of portal the regime knows, with their names; the first is the top "
                                  "of a province's tree (the provincial portal)."},
    },
}
COMBINATORS = {
    "any": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/check"}},
    "all": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/check"}},
    "not": {"$ref": "#/$defs/check"},
    "suggests": {"$ref": "#/$defs/check", "description": "Indirect evidence: a pass of the inner check becomes review."},
}


def rules_schema(functions: bool = True) -> dict[str, Any]:
    """The rule-file schema; with ``functions`` each check function's options schema sits
    under its name (and unknown names are errors), without it any name takes any mapping."""
    from checker import functions as _library  # noqa: F401  (registers the library)

    check: dict[str, Any] = {"type": "object", "minProperties": 1, "maxProperties": 1,
                             "properties": dict(COMBINATORS)}
    if functions:
        for name in library_functions():
            check["properties"][name] = registry.option_schema(name)
        check["additionalProperties"] = False
    else:
        check["additionalProperties"] = {"type": ["object", "null"], "description": "A check function name with its options."}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://d43.example/schema/rules.json",
        "title": "d43 rule file",
        "description": "A d43 rule set. A rule is an id, metadata (legal basis, levels, severity, titles, help) and a "
                       "check composed from named check functions with any/all/not. A user file may 'extends' another "
                       "and override or disable rules by id.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "schema": {"const": "d43.rules/1"},
            "name": {"type": "string"},
            "version": {"type": ["string", "number"]},
            "regime": {"$ref": "#/$defs/regime"},
            "extends": {"type": "string", "description": "A bundled rule set's name (decree43) or a path relative to this file."},
            "fixtures": {"type": "string", "description": "Folder of rule fixtures, relative to this file (default: fixtures)."},
            "documents": DOCUMENTS,
            "vocabulary": {"type": "object", "additionalProperties": False,
                           "description": "Words shared by several checks; a file that extends another replaces a key's "
                                          "whole list. Without it, the bundled rule file's words are used.",
                           "properties": {k: {"type": "array", "items": {"type": "string", "minLength": 1}, "description": d}
                                          for k, d in vocabulary.KEYS.items()}},
            "rules": {"type": "array", "items": {"$ref": "#/$defs/rule"}},
        },
        "required": ["rules"],
        "$defs": {"text": TEXT, "regime": REGIME, "level_id": LEVEL_ID, "document": DOCUMENT, "reference": REFERENCE, "legal": LEGAL, "legal_v1": LEGAL_V1,
                   "rule": RULE, "check": check},
    }


def library_functions() -> list[str]:
    """Names of d43's own check functions (not those a test registers for itself)."""
    from checker import functions as _library  # noqa: F401  (registers the library)

    return sorted(n for n, fn in registry.FUNCTIONS.items() if fn.__module__.startswith("checker."))


def render() -> str:
    """The text of rules/schema.json: indented JSON with lists of plain values on one line
    (enums, defaults), so that the file stays readable and its diffs small."""
    text = json.dumps(rules_schema(), ensure_ascii=False, indent=2)
    # JSON strings hold no raw newline, so this only joins the whitespace between items
    return re.sub(r"\[([^\[\]{}]*)\]", lambda m: "[" + re.sub(r",\s*\n\s*", ", ", m.group(1).strip()) + "]", text) + "\n"


# -- validating options ------------------------------------------------------------------------
def _is_integer(_checker: Any, value: Any) -> bool:
    # jsonschema counts 2.0 as an integer; a check function doing range(2.0) would fail
    return isinstance(value, int) and not isinstance(value, bool)


def _phrase(_validator: Any, enabled: Any, value: Any, _schema: Any) -> Iterator[ValidationError]:
    """``x-d43-phrase``: the text must keep a letter or digit once folded, or it matches nothing."""
    from crawlers.text import fold

    if enabled and isinstance(value, str) and value and not fold(value):
        yield ValidationError(f"a phrase needs a letter or digit, got {value!r}")


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    validators={"x-d43-phrase": _phrase},
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer),
)


@cache
def options_validator(name: str) -> Any:
    """A validator of check function ``name``'s options."""
    return _Validator(registry.option_schema(name))


_TYPE_WORDS = {"array": "list", "object": "mapping", "boolean": "true or false"}
_BOUNDS = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}


def describe(err: ValidationError) -> str:
    """One short sentence for a schema error: what was expected, what was found."""
    if err.validator == "anyOf" and err.context:
        return describe(jsonschema.exceptions.best_match(err.context))
    kind, want, got = err.validator, err.validator_value, err.instance
    if kind == "type":
        names = [want] if isinstance(want, str) else list(want)
        return f"expected {' or '.join(_TYPE_WORDS.get(n, n) for n in names)}, got {got!r}"
    if kind == "enum":
        choices = ", ".join(str(v) for v in want if v is not None)
        title = err.schema.get("title") if isinstance(err.schema, dict) else None
        return f"unknown {title} {got!r} (one of {choices})" if title else f"expected one of {choices}, got {got!r}"
    if kind in _BOUNDS:
        return f"must be {_BOUNDS[kind]} {want}, got {got!r}"
    if kind in ("minItems", "minLength"):
        unit = "items" if kind == "minItems" else "characters"
        return "must not be empty" if want == 1 else f"needs at least {want} {unit}"
    if kind in ("maxItems", "maxLength"):
        return f"takes at most {want} {'items' if kind == 'maxItems' else 'characters'}"
    return err.message


def generated_file_main(render_text: Callable[[], str], module: str, argv: list[str] | None = None) -> int:
    """The command line of a module that generates a committed file: print it, or with
    ``--check FILE`` exit 1 (saying how to regenerate it) when FILE differs from it."""
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--check"] and len(args) == 2:
        with open(args[1], encoding="utf-8") as f:
            same = f.read() == render_text()
        if not same:
            print(f"{args[1]} is out of date: python -m {module} > {args[1]}", file=sys.stderr)
        return 0 if same else 1
    sys.stdout.write(render_text())
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m checker.rule_schema`` prints rules/schema.json; ``--check FILE`` exits 1
    when FILE differs from what would be printed."""
    return generated_file_main(render, "checker.rule_schema", argv)


if __name__ == "__main__":
    sys.exit(main())
