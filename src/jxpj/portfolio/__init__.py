"""Many projects at once: finding and scoring the files, one row each, the portfolio they make."""
