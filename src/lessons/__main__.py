"""`python -m lessons` runs the command-line tool."""

from lessons.cli import main

main()
