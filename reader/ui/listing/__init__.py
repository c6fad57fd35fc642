"""The sidebar: the filter, the sources, the list of articles and what feeds it."""
