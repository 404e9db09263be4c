"""The speaker registry: names, aliases, matching, merging."""
