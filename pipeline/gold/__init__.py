"""Gold layer: the star schema's dimensions and facts, built as pure table transforms."""
