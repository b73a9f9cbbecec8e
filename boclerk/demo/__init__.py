"""The demo shop, built through the same services a clerk uses (not a use case itself)."""
