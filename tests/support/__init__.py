"""The test world's shared fixtures, one module per area, registered for every test in the root conftest.py.

A test asks for a fixture by name (`world`, `year`, `team`, `period`, `api`, ...) without importing it;
helpers that are plain functions (`make_year`, `approve`, `token_for`, ...) are imported from these modules.
"""
