"""Full-text index (Whoosh): derived from the database, rebuildable at any time."""
