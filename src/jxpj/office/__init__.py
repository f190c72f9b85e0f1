"""Office deliverables: the Word report, the Excel score sheet, the Excel evidence-entry workbook
and the charts, each built from a scored :class:`~jxpj.result.Result` (or, for entry, a spec).

Each module imports its third-party library lazily through :func:`jxpj.office.extra.require`, so a
jxpj installed without the ``office`` extra still scores, and says how to get the rest.
"""
