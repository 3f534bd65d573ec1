"""Ledger posting: balanced double-entry journal entries, posted exactly once."""
