"""Data in and out of the shop: CSV import and the journal and CSV exports."""
