"""Constants of the Harezmi program shared by models and the (database-free) balancing module."""

# The weekly application: 4 lesson hours in a row (1 preparation, 2 application, 1 evaluation).
LESSONS_PER_SESSION = 4
LESSON_PARTS = ("preparation", "application", "application", "evaluation")
