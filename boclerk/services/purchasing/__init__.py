"""Procure to pay: purchase orders, receipts, supplier bills and their payments."""
