"""d43: checks Vietnamese government portals against the legal regime of a rule set (rules/)."""

__version__ = "0.1.0"
