"""The set-up page's QR code, drawn as inline SVG (no image request, no inline
style: the Content-Security-Policy allows neither script nor style attributes)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg


def qr_svg(text: str, *, label: str) -> str:
    """An <svg> element for `text`, with `label` as its accessible name."""
    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.get_image()  # an ElementTree element
    svg.attrib.pop("width", None)
    svg.attrib.pop("height", None)
    svg.set("width", "232")
    svg.set("height", "232")
    svg.set("role", "img")
    svg.set("aria-label", label)
    svg.set("focusable", "false")
    # a white quiet zone whatever the page's background, so that cameras find the code
    rect_tag = svg[0].tag.rsplit("path", 1)[0] + "rect"
    svg.insert(0, svg.makeelement(rect_tag, {"width": "100%", "height": "100%", "fill": "#fff"}))
    return image.to_string(encoding="unicode")  # type: ignore[no-any-return]
