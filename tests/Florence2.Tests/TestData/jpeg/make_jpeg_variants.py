#!/usr/bin/python3
"""Writes the JPEG variants the decoder comparison tests read (tests/Florence2.Tests/SkiaSharp).

Run with Debian's Pillow (python3-pil 9.4.0, libjpeg-turbo 2.1.5):  /usr/bin/python3 make_jpeg_variants.py
Source: a 251x173 crop (odd sizes, so the chroma planes end in a partial block) of ../imaging/source_1280x720.png.

Outputs:
  {baseline,progressive}_{420,444}.jpg   quality 90, chroma 4:2:0 or 4:4:4
  pillow_{420,444}.png            what Pillow's Image.open(...).convert("RGB") decodes from them (the reference
                                  pipeline); the baseline and progressive files of one subsampling decode to the
                                  same pixels in Pillow, so one reference serves both
"""
from PIL import Image

source = Image.open("../imaging/source_1280x720.png").convert("RGB").crop((517, 211, 517 + 251, 211 + 173))
for name, subsampling in (("420", 2), ("444", 0)):
    decoded = []
    for mode in ("baseline", "progressive"):
        path = f"{mode}_{name}.jpg"
        source.save(path, quality=90, subsampling=subsampling, progressive=(mode == "progressive"), optimize=False)
        decoded.append(Image.open(path).convert("RGB"))
    assert decoded[0].tobytes() == decoded[1].tobytes()
    decoded[0].save(f"pillow_{name}.png")
