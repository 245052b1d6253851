"""Spreadsheets people send in: checked for safety before anything parses them
(`safety`, and every part read in chunks by `parts`), read cell by cell with
the place of every cell (`cells`), and recognised by the signed manifest
goldenthread hides in its own templates (`manifest`). Standard library and
openpyxl only: no Django."""
