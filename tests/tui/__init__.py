"""Tests of the terminal UI: behaviour through the pilot, and snapshots."""
