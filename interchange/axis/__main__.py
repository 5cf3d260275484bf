"""``python -m interchange.axis``: run the local axis server or register a system (see cli.py)."""

import sys

from interchange.axis.cli import main

sys.exit(main())
