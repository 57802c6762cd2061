"""Compute stage: pure functions that derive every figure of the report, grouped by chapter."""
