"""Harezmi Education Model program management (SPEC §4): program years, coordinators, applications,
teams and their teachers, students and parental consent, weekly application hours."""
