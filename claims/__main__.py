"""``python -m claims`` runs the command line, as the ``claims`` script does."""

import sys

from claims.cli import main

sys.exit(main())
