"""Chapter 7: its figures, data, report text and English edition."""
