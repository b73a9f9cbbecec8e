"""Documents that come in: the store, intake, bank statements and e-invoices."""
