#!/usr/bin/env python
"""Django's command-line utility; `qadam` wraps the same entry point."""

from qadam.__main__ import main

if __name__ == "__main__":
    main()
