"""One spreadsheet import for every module: read the file safely, check each
row with the module's own form, show a signed preview, apply it in one
transaction (docs/architecture-import.md)."""
