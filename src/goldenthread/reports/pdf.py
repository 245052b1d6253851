"""The pack as a tagged PDF (PDF/UA-1), rendered by WeasyPrint from the same
HTML the application shows: document language and title from the HTML, table
headers and headings tagged, every chart with its alternative text, and the
dates and identifier fixed from the snapshot so a rebuild is byte-identical."""

from __future__ import annotations


class PdfUnavailable(RuntimeError):
    """WeasyPrint cannot run here: the message says what to install."""


def render_pdf(html: str, snapshot_hash: str) -> bytes:
    """The PDF for `html`; the file identifier is derived from the snapshot's hash."""
    try:
        import weasyprint
    except OSError as error:  # Pango or HarfBuzz missing from the system
        raise PdfUnavailable(
            "the PDF needs the Pango and HarfBuzz libraries: run scripts/system-packages "
            "as root (or apt-get install libpango-1.0-0 libpangoft2-1.0-0 "
            f"libharfbuzz-subset0 fonts-dejavu-core): {error}"
        ) from None
    document = weasyprint.HTML(string=html)
    pdf: bytes = document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=snapshot_hash[:32].encode("ascii"),
    )
    return pdf
