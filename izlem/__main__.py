"""The `izlem` console script: Django's admin commands with izlem's settings."""

import os
import sys


def main() -> None:
    """Run a Django management command with izlem's settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "izlem.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo runs without configuration: a generated development key, plain HTTP, local files.
        os.environ.setdefault("IZLEM_DEMO", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
