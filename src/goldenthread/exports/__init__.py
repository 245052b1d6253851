"""One export for every table a page shows: the rows the person sees, with
the page's filters, as CSV or Excel (docs/exports.md). A module builds its
table (`table.Table`) from the same selectors as its page; this package
writes it (`writers`), answers the download (`responses`) and puts the links
under the table (`{% download_links %}`)."""
