"""How well the back office works: service levels and the working calendar (settings.py),
the working clock in SQL (clock.py), queues with ages (queues.py), cycle times and rework from
the audit trail (report.py)."""
