"""``python -m claims`` runs the command line, as the ``claims`` script does."""

import signal
import sys


def run() -> int:
    """Run the command line; a Ctrl-C while it is still starting up ends it quietly too."""
    # While the command line is imported, a Ctrl-C is only noted, and acted on once the
    # imports are done: raised inside one, it can land in the import machinery itself,
    # which prints it as an ignored exception with a traceback and goes on.
    interrupted: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
    except ValueError:  # not the main thread: signals are not ours to handle
        previous = None
    try:
        from claims.cli import main
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if interrupted:
        sys.stderr.write("error: interrupted; nothing was written\n")
        return 130
    return main()


if __name__ == "__main__":
    sys.exit(run())
