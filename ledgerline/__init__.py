"""ledgerline"""
