"""The offline reader, one module per stage:

page (words and rulings, `..document`) -> `regions` (drawn boxes and grids) -> `lines` and
`bands` (a ruled row as one line) -> `headers`, `tables`, `rows` (ruled or aligned columns)
and `items` / `blocks` (free text) -> `records` -> `contacts` (+ `confidence`) -> `merging`
(one contact per person); `reader`
runs the stages per region of each page; `settings` holds every tolerance; `debug` draws
what the stages found.
"""
