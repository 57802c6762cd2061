"""Chapter 1: its figures, data, report text and English edition."""
