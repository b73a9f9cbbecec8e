"""Orders: the list, one order, the order form and the order acts."""
