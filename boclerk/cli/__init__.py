"""FACE: typer commands. Thin: parse, call a service, render (rich or JSON)."""
