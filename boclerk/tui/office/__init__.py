"""The Office area: supply requests, equipment, contracts, staff and internal deals."""
