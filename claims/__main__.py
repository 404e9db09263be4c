"""``python -m claims`` runs the command line, as the ``claims`` script does."""

import sys


def run() -> int:
    """Run the command line; a Ctrl-C while it is still starting up ends it quietly too."""
    try:
        from claims.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was written\n")
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
