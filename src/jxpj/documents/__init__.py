"""A file's data and where each value came from: YAML reading, ``extends:`` composition, ``--set`` overrides, workbooks as documents, and which files are what."""
