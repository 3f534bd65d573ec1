"""Intake: originals stored immutably, content-addressed by sha256; inbox listing."""
