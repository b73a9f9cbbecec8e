"""The money book: accounts, departments, postings, and the books' reports."""
