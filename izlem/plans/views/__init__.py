"""The plan browser's pages, by topic: browse (plans, analyses, costs, search, targets, measures),
indicators (indicator pages and planning officers' edits), exchange (plan files: import and export).
"""
