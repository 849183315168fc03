"""`python -m checker` runs the d43 command line."""

from checker.cli import main

main()
