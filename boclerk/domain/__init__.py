"""Tables, enums, state machines and small pure rules. No I/O beyond the ORM mapping."""
