#!/usr/bin/env python3
"""Draws eng/icon.png, the package icon (128 x 128): a detection box around a lens on a deep blue tile.

Standard library only (zlib + struct), so it runs anywhere Python 3 does: python3 eng/make-icon.py
The drawing is supersampled 4 x 4 per pixel for smooth edges; the output is deterministic.
"""
import math
import os
import struct
import zlib

SIZE = 128
SAMPLES = 4
BACKGROUND = (0x1B, 0x3A, 0x6B)   # deep blue tile
BOX = (0xF5, 0xA6, 0x23)          # amber detection box
LENS = (0xFF, 0xFF, 0xFF)         # white lens ring
PUPIL = (0x4F, 0xC3, 0xF7)        # light blue centre


def colour_at(x, y):
    """The colour of the point (x, y) in [0, SIZE)^2, or None outside the rounded tile."""
    c = SIZE / 2
    # Rounded square tile, corner radius 22.
    r = 22
    dx = max(abs(x - c) - (c - r), 0)
    dy = max(abs(y - c) - (c - r), 0)
    if dx * dx + dy * dy > r * r:
        return None
    # Lens: a ring and a filled centre.
    d = math.hypot(x - c, y - c)
    if d <= 15:
        return PUPIL
    if 24 <= d <= 31:
        return LENS
    # Detection box: a square outline 7 px thick from 24 to 104, with gaps in the middle of each side (corner marks).
    lo, hi, t = 24, 104, 7
    inside_outer = lo <= x <= hi and lo <= y <= hi
    inside_inner = lo + t < x < hi - t and lo + t < y < hi - t
    near_middle = abs(x - c) < 18 or abs(y - c) < 18
    if inside_outer and not inside_inner and not near_middle:
        return BOX
    return BACKGROUND


def pixel(px, py):
    """Average of SAMPLES^2 points inside the pixel, as RGBA (transparent outside the tile)."""
    total = [0, 0, 0, 0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            col = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            if col is not None:
                total[0] += col[0]
                total[1] += col[1]
                total[2] += col[2]
                total[3] += 255
    n = SAMPLES * SAMPLES
    covered = total[3] / 255
    if covered == 0:
        return (0, 0, 0, 0)
    return (round(total[0] / covered), round(total[1] / covered), round(total[2] / covered), round(total[3] / n))


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(v for p in row for v in p) for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)   # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    with open(out, "wb") as f:
        f.write(png(SIZE, SIZE, rows))
    print(f"wrote {out}")
