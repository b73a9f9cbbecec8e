"""The shop's master data: products, barcodes, warehouses, customers and suppliers."""
