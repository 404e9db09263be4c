"""Modal dialogs, one per module: pickers, the note editor, the claim finder, conflicts."""
