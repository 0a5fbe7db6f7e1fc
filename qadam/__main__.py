"""The `qadam` console script: manage.py with a few friendly aliases.

qadam serve   -> runserver 127.0.0.1:8000
qadam worker  runs background tasks (common/management/commands/worker.py: the database
              worker under a supervisor that restarts it)
"""

import os
import sys

ALIASES = {
    "serve": ["runserver"],
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qadam.settings.local")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv)
    argv[0] = "qadam"
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1:2] = ALIASES[argv[1]]
        if argv[1] == "runserver" and len(argv) == 2:
            argv.append("127.0.0.1:8000")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
