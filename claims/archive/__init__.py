"""The archive's own records, which every other package builds on.

- ``store``: adding sources and claims, each claim placed in its source by offsets and by
  its quote with context;
- ``audit``: the audit trail, every change a person makes with its before and after;
- ``identity``: who is making a change;
- ``attribution``: how a stored claim reached the reader, from speaker to outlet;
- ``display``: archive text made safe and short to show, wherever it is shown.
"""
