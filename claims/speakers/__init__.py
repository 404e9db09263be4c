"""Speakers: who claims are attributed to, and how a name in a text finds its speaker.

- ``names``: the normal form of a name (titles stripped, accents folded) and vague names.
- ``index``: the few stored aliases worth comparing with a name, found through indexes.
- ``registry``: creating and editing speakers and their aliases, and matching a name to one.
- ``merge``: folding two speakers that are one person into one, and undoing that.
"""
