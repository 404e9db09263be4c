"""claimtrack: what was claimed, by whom, and where.

The domain layer: extraction of attributed claims from text, speaker resolution, review,
linking, search and reports. It is usable from Python without the command line or the
terminal UI, and never imports either.
"""

__version__ = "0.1.0"
