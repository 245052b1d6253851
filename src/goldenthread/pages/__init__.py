"""What every page of the web application shares, below the apps that use it:
the page of one form with its GOV.UK error summary (`pages.forms`).

Any app may import it; it imports no app (its templates live in `web/`, the
top shell, and are found by name)."""
