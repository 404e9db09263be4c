"""The terminal UI for reviewing claims, built on Textual over the claims core."""
