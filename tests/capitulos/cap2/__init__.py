"""Chapter 2: its figures, data, report text and English edition."""
