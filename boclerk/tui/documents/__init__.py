"""Documents: the register, intake and bank reconciliation."""
