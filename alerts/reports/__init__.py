"""The daily report's sections and its PDF and Excel renderings."""
