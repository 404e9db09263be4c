"""What front ends read, a module for each kind of screen: the reviewer's desk of claims
(``desk``), one claim in full (``details``), accounts as comparisons and reports show them
(``accounts``), accounts side by side (``comparisons``), pages of events, documents, speakers
and suggestions (``views``), short display text (``display``), and the ``Workbench`` a front
end holds instead of a session (``workbench``)."""
