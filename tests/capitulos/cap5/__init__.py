"""Chapter 5: its figures, data, report text and English edition."""
