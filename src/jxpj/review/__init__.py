"""复核: a report's claimed numbers checked against the rules and against themselves."""
