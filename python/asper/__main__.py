"""``python -m asper``: the command line."""

import sys

from asper.cli import main

sys.exit(main())
