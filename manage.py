#!/usr/bin/env python
"""Django's usual entry point; the same as the ``gocua`` command."""

from gocua.cli import main

if __name__ == "__main__":
    main()
