"""Ledger: journal entries, accounts, drafts and the books' reports."""
