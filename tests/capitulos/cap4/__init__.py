"""Chapter 4: its figures, data, report text and English edition."""
