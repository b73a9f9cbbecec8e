"""Stock: levels, moves, products and stocktakes."""
