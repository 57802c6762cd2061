"""Chapter 3: its figures, data, report text and English edition."""
