"""Fetching: turns a portal URL into a bounded, polite, reproducible snapshot."""
