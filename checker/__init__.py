"""d43: checks Vietnamese government portals against Decree 43/2011/NĐ-CP."""

__version__ = "0.1.0"
