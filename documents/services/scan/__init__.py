"""Scans of paper documents: OCR (Tesseract, ocrmypdf) and reading the NĐ30 header off them."""
