"""The offline reader, one module per stage:

words (`..document`) -> `lines` -> `headers` and `tables` (ruled or aligned columns) and
`items` / `blocks` (free text) -> `records` -> `contacts`; `reader` runs the stages per page.
"""
