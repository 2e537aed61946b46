"""Security, reliability and KVKK tests (issue 10)."""
