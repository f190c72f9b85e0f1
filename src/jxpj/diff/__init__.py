"""Two evaluations of one project compared, indicator by indicator."""
