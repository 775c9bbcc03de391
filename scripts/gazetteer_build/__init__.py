"""Builds data/gazetteer/: the world gazetteer that stands beside the editable registry."""
