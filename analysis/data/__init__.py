"""Package data: facts about well-known Convex packages (tables, builders) the project never reads from node_modules."""
