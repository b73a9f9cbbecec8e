"""Use cases: every write and every report, one package per area."""
