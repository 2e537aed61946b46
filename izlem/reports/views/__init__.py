"""Pages of the reports, one module per topic (urls.py imports each module by name)."""
