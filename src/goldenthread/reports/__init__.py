"""The quarterly performance pack: its content, assembled from a snapshot of the
figures (plain JSON-able data), and one renderer per format (HTML, PDF, Word,
Excel) plus the charts. Pure Python: no Django; the web application takes the
snapshot (`goldenthread.packs.selectors`) and stores what was built."""
