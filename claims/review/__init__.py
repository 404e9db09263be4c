"""Reviewing claims: status, tags, notes, events, links, corrections, audit and undo."""
