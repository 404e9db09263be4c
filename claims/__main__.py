"""``python -m claims`` runs the command line, as the ``claims`` script does."""

import os
import sys


def run() -> int:
    """Run the command line; a Ctrl-C while it is still starting up ends it quietly too."""
    try:
        from claims.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was written\n")
        sys.stderr.flush()
        # An interrupt that lands inside an import can leave Python marked as killed by it,
        # and it would then end by SIGINT whatever this returns. Nothing has been opened yet.
        os._exit(130)
    return main()


if __name__ == "__main__":
    sys.exit(run())
