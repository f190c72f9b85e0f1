"""The evidence workbook: its layout, written from a spec and read back as a document."""
