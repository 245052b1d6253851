"""The pack as a Word document, filled into a template democratic services can
restyle in Word (fonts, colours, logo, headers and footers) without touching
code: the default ships in `templates/pack.docx` (made by
`scripts/make-word-template`); `goldenthread pack --template FILE` uses another.
docs/pack.md lists the placeholders. Charts go in as PNG with their
alternative text; dates and the zip's timestamps come from the snapshot, so a
rebuild is byte-identical."""

from __future__ import annotations

import datetime
import io
import itertools
import zipfile
from pathlib import Path
from typing import Any

from docx.image.image import Image
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.parser import element_class_lookup
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Mm
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from goldenthread.reports.content import PackContent
from goldenthread.reports.sections import kind_of

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "pack.docx"


class DescribedImage:
    """A chart as an inline picture with alternative text (Word's 'Alt Text', read
    by screen readers). Each is added as its own image part: python-docx's
    `new_pic_inline` hashes every earlier picture to find duplicates, which makes
    a pack of a thousand charts quadratic."""

    def __init__(
        self, tpl: DocxTemplate, png: bytes, width: Any, description: str, number: int
    ) -> None:
        self.tpl, self.png, self.width = tpl, png, width
        self.description, self.number = description, number
        self._xml: str | None = None

    def _insert_image(self) -> str:
        if self._xml is None:
            part = self.tpl.current_rendering_part
            image = Image.from_blob(self.png)
            name = f"goldenthread-chart-{self.number}.png"
            image_part = ImagePart.from_image(image, PackURI(f"/word/media/{name}"))
            # its own relationship id: python-docx's `relate_to` would compare it with
            # every earlier relationship, again quadratic in the charts
            relation = f"rIdGoldenthreadChart{self.number}"
            part.rels.add_relationship(RT.IMAGE, image_part, relation)
            cx, cy = image.scaled_dimensions(self.width, None)
            inline = CT_Inline.new_pic_inline(10_000 + self.number, relation, name, cx, cy)
            inline.docPr.set("descr", self.description)
            self._xml = (
                f"</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r>"
                '<w:t xml:space="preserve">'
            )
        return self._xml

    __str__ = __html__ = _insert_image


class _Template(DocxTemplate):  # type: ignore[misc]
    """docxtpl's template, putting the filled body into the document in linear time.

    docxtpl moves the body it parsed into the document's tree (lxml's `replace`),
    which took time growing with the square of its size: 0.016 s at 100 indicators,
    1.19 s at 1,000. Here the document is parsed once more, around it, instead."""

    def map_tree(self, tree: Any) -> None:
        document = self.docx
        marker = etree.Element("goldenthread-body")
        document.element.replace(document.element.body, marker)
        before, after = etree.tostring(document.element, encoding="unicode").split(
            "<goldenthread-body/>"
        )
        # python-docx's element classes, keeping the whitespace between elements as
        # docxtpl's move does (python-docx's `parse_xml` drops it); a parser per call,
        # as lxml's parsers are not to be shared between threads
        parser = etree.XMLParser(resolve_entities=False)
        parser.set_element_class_lookup(element_class_lookup)
        root = etree.fromstring(before + etree.tostring(tree, encoding="unicode") + after, parser)
        document._element = document.part._element = root
        document._Document__body = None  # python-docx's view of the body, made again


def render_docx(
    pack: PackContent, charts_png: dict[str, bytes], template: Path | None = None
) -> bytes:
    """The Word document; `charts_png` maps an indicator reference to its chart."""
    document = _Template(str(template or DEFAULT_TEMPLATE))
    # a template is a file people edit and upload: its placeholders run in Jinja2's
    # sandbox, which refuses to reach Python's internals from `{{ ... }}`
    document.render(
        _context(pack, document, charts_png), jinja_env=SandboxedEnvironment(), autoescape=True
    )
    taken_at = datetime.datetime.fromisoformat(pack.taken_at)
    properties = document.docx.core_properties
    properties.created = properties.modified = taken_at
    properties.last_printed = taken_at
    properties.revision = 1
    properties.last_modified_by = "goldenthread"
    properties.subject = f"Quarterly performance pack, {pack.period}"
    properties.keywords = f"snapshot {pack.snapshot_hash}"
    properties.language = "en-GB"
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_timestamps(buffer.getvalue(), taken_at)


def _fixed_timestamps(docx: bytes, moment: datetime.datetime) -> bytes:
    """The same zip with every member dated `moment`: no build-time clock in the file."""
    stamp = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, 0)
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            already = item.filename.endswith((".png", ".jpeg", ".jpg"))  # compressed already
            info.compress_type = zipfile.ZIP_STORED if already else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def _context(
    pack: PackContent, document: DocxTemplate, charts_png: dict[str, bytes]
) -> dict[str, Any]:
    """The frame's placeholders, then each section's (docs/pack.md lists them)."""
    numbers = itertools.count(1)

    def picture(key: str, description: str) -> DescribedImage | None:
        png = charts_png.get(key)
        if not png:
            return None
        return DescribedImage(document, png, Mm(150), description, next(numbers))

    context: dict[str, Any] = {
        "title": pack.title,
        "period": pack.period,
        "months": pack.months,
        "scope": pack.scope,
        "taken_at_text": pack.taken_at_text,
        "snapshot_hash": pack.snapshot_hash,
        "snapshot_short": pack.snapshot_hash[:12],
        "since": None
        if pack.since is None
        else {
            "intro": f"Compared with the pack for the same period built on "
            f"{pack.since.built_at} (snapshot {pack.since.hash[:12]}): "
            f"{len(pack.since.changes)} change{'s' if len(pack.since.changes) != 1 else ''}.",
            "changes": [
                {
                    "reference": c.reference,
                    "organisation": c.organisation,
                    "what": c.what,
                    "before": c.before,
                    "after": c.after,
                }
                for c in pack.since.changes
            ],
        },
    }
    entries: list[dict[str, Any]] = []  # the contents list, as Word will make it
    for section in pack.sections:
        placeholders = kind_of(section).word(pack, section, picture)
        entries += placeholders.pop("contents", [])
        context.update(placeholders)
    if pack.since is not None:
        entries.append(contents_entry(2, "What changed since the last pack"))
    entries.append(contents_entry(2, "About these figures"))
    context["contents"] = entries
    return context


def contents_entry(level: int, text: str) -> dict[str, Any]:
    """One line of the contents page: a heading's text at its level (1-3)."""
    return {"level": level, "text": text}
