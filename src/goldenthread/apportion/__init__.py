"""`goldenthread apportion`: split a spreadsheet of budget lines between partner
councils by their shares (or each line's specific allocation), to the unit and
never losing or inventing money, with no database."""
