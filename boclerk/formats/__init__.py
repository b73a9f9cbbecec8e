"""Pure readers and writers of outside formats: bytes or text in, plain data out."""
