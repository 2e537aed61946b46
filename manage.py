#!/usr/bin/env python
"""Django's command-line utility for izlem (same as the `izlem` console script)."""

from izlem.__main__ import main

if __name__ == "__main__":
    main()
