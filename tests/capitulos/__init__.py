"""Tests of each chapter, one folder per chapter (capitulos/capN/ on the Python side)."""
