"""Source versions: every edit of an article kept, and its claims carried across edits."""
