"""Reviewing claims: what a person does to a claim after extraction, kept and undoable.

- ``edits``: status, note, tags, event and speaker, each change versioned and audited.
- ``links``: relations between two claims (contradicts, supports, ...).
- ``corrections``: moving a claim's content, speaker or cue span in its source text.
- ``events``: the incidents claims are attached to.
- ``audit``: the trail of every change, grouped by user action.
- ``undo``: reverting a user's last action from that trail.
- ``identity``: who the change is recorded as made by.
"""
