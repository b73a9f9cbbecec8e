"""The office: staff, supply requests and budgets, the equipment register, contracts, and
the internal deals between departments (allocation rules, service agreements)."""
