"""Chapter 6: its figures, data, report text and English edition."""
