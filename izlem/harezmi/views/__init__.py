"""Harezmi pages: thin views (parse → access → service → render)."""
