"""Home: the shop's figures, each opening its list."""
