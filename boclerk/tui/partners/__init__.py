"""Customers and suppliers: their cards."""
