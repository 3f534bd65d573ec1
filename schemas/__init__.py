"""Data shapes shared by every part of ledgerline: the extraction contract, reason codes, money."""
