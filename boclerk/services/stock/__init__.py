"""The stock book: moves, levels, reservations, valuation and stocktakes."""
