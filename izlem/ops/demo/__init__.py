"""Demo data for `izlem demo`: Erzincan, its districts and schools, and one user per role."""
