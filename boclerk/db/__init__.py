"""Engine, units of work, migrations and backups."""
