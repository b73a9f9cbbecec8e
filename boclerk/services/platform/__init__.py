"""The platform: who is running boclerk, users and roles, the audit trail, database care and checks."""
