"""Use cases: every write and every report, one module per area."""
