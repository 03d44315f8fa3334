"""Reading survey-platform exports and merging them into the records."""
