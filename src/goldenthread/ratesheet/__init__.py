"""`goldenthread rate`: rate a spreadsheet of indicators with no database."""
