"""Suggested contrasts: pairs of claims that likely contradict or support each other."""
