"""Order to cash: customer orders, their payments, shipments and returns, and the sales report."""
