"""Purchases: purchase orders, bills, suppliers and their acts."""
