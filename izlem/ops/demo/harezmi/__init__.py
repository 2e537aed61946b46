"""Demo Harezmi data for `izlem demo`: the program year (`year.load_demo_harezmi`), its people over the
year (`people`), activities, sessions and duties; `common` holds the clock and the stand-ins they share."""
