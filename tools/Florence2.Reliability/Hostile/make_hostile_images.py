#!/usr/bin/python3
"""Writes the hostile image files of docs/images.md ("Choosing a decoder") into the folder given (default: hostile/).

Run with Debian's Python and Pillow (python3-pil 9.4.0):  /usr/bin/python3 make_hostile_images.py OUT_DIR
Each file is one worst case of a class from docs/reliability.md ("Hostile image files"), plus cases that reach code
only one decoder has (Skia reads ICC profiles and the GIF logical screen). Deterministic: the same bytes every run.
Then: for f in OUT_DIR/*; do /usr/bin/time -v dotnet Florence2.Reliability.dll decode $f --formats all --decoder D; done
"""
import io
import struct
import sys
import zlib
from pathlib import Path

from PIL import Image

out = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile")
out.mkdir(parents=True, exist_ok=True)
car = (Path(__file__).resolve().parents[3] / "samples" / "images" / "car.jpg").read_bytes()


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_of(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def zeros_deflated(size: int) -> bytes:
    compressor = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts = [compressor.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + compressor.flush()


def with_chunks_before_idat(png: bytes, extra: bytes) -> bytes:
    at = png.index(b"IDAT") - 4
    return png[:at] + extra + png[at:]


def raw_png(width: int, height: int, color_type: int, bit_depth: int, rows: bytes, idat: bytes | None = None) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    data = idat if idat is not None else zlib.compress(rows, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


small = Image.new("RGB", (64, 48))
small.putdata([((x * 4) % 256, (y * 5) % 256, (x + y) % 256) for y in range(48) for x in range(64)])
gib = zeros_deflated(1 << 30)

# 1-3: compressed metadata that inflates to 1 GiB (text chunks; an ICC profile, which Skia reads to build a colour space).
(out / "png-ztxt-1gib.png").write_bytes(with_chunks_before_idat(png_of(small), chunk(b"zTXt", b"Comment\0\0" + gib)))
(out / "png-ztxt-itxt-1gib-each.png").write_bytes(with_chunks_before_idat(
    png_of(small), chunk(b"zTXt", b"Comment\0\0" + gib) + chunk(b"iTXt", b"Comment\0\1\0\0\0" + gib)))
(out / "png-iccp-1gib.png").write_bytes(with_chunks_before_idat(png_of(small), chunk(b"iCCP", b"icc\0\0" + gib)))

# 4: car.jpg with 64 KB of XMP and a 2 MB "ICC profile" in 31 APP2 segments (Skia assembles and parses it).
icc = bytes((i * 7) % 256 for i in range(2_000_000))
parts = [icc[i:i + 65519 - 14] for i in range(0, len(icc), 65519 - 14)]
segments = jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + b"<x>" + b"a" * 65000 + b"</x>")
for index, part in enumerate(parts):
    segments += jpeg_segment(0xE2, b"ICC_PROFILE\0" + bytes([index + 1, len(parts)]) + part)
(out / "jpeg-xmp-icc-2mb.jpg").write_bytes(car[:2] + segments + car[2:])

# 5: car.jpg cut at 60 %.
(out / "jpeg-cut-60pct.jpg").write_bytes(car[: len(car) * 6 // 10])

# 6: a 300×200 RGB PNG whose IDAT is a complete zlib stream holding 64 of the 180,200 bytes its rows need.
(out / "png-idat-short.png").write_bytes(raw_png(300, 200, 2, 8, b"", idat=zlib.compress(bytes(64))))

# 7: a BMP whose pixel-data offset points 966 MB past its end (BMP enabled).
bmp = io.BytesIO()
Image.new("P", (32, 32)).save(bmp, "BMP")
bmp = bytearray(bmp.getvalue())
struct.pack_into("<I", bmp, 10, 966_426_742)
(out / "bmp-offset-outside.bmp").write_bytes(bytes(bmp))

# 8-10: shapes within MaxPixels whose resize is costly, and the wide one that is not.
(out / "png-1x100000.png").write_bytes(raw_png(1, 100_000, 0, 8, bytes(2 * 100_000)))
(out / "png-1x1000000.png").write_bytes(raw_png(1, 1_000_000, 0, 8, bytes(2 * 1_000_000)))
(out / "png-100000x1.png").write_bytes(raw_png(100_000, 1, 0, 8, bytes(1 + 100_000)))

# 11: the largest image the default MaxPixels admits, all black, 1 bit per pixel: 8192×8192 from a 12 KB file.
(out / "png-8192x8192-black-1bit.png").write_bytes(raw_png(8192, 8192, 0, 1, bytes((1 + 1024) * 8192)))

# 12: a 20000×20000 PNG (over MaxPixels): refused from its header.
(out / "png-20000x20000-black-1bit.png").write_bytes(raw_png(20000, 20000, 0, 1, bytes((1 + 2500) * 20000)))

# 13: an 8×8 GIF whose logical screen declares 60000×60000 (GIF enabled): the decoder must check its own header.
gif = io.BytesIO()
Image.new("P", (8, 8)).save(gif, "GIF")
gif = bytearray(gif.getvalue())
struct.pack_into("<HH", gif, 6, 60000, 60000)
(out / "gif-screen-60000x60000.gif").write_bytes(bytes(gif))

# 14: a real photo-like picture, as the control.
(out / "control-car.jpg").write_bytes(car)
for path in sorted(out.iterdir()):
    print(f"{path.name}: {path.stat().st_size:,} bytes")
