"""Prefect flows: they only sequence plain functions from the domain packages."""
