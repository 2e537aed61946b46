"""Parts of the Ministry-template plan text reader; the entry point is `ministry_text`."""
