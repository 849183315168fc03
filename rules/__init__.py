"""Bundled rule sets (data). ``decree43.yaml`` is the Decree 43/2011/NĐ-CP rule set;
``schema.json`` is the JSON Schema of rule files; ``fixtures/`` holds each rule's own
pass/fail fixture portals run by ``d43 rules --test``."""
