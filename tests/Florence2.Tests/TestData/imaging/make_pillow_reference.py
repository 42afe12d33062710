#!/usr/bin/python3
"""Writes the Pillow BICUBIC resize references used by PillowResizeReferenceTests.

Run with Debian's Pillow (python3-pil 9.4.0):  /usr/bin/python3 make_pillow_reference.py
Everything is deterministic (fixed seed, no fonts), so re-running reproduces the checked-in files.

Outputs (all lossless PNG, RGB):
  source_960x540.png           photo-like synthetic picture: gradients, hard-edged shapes, thin lines, a noisy patch
  source_180x120.png           a small crop of it, for the upscale case
  pillow_960x540_to_300x200.png   downscale on both axes
  pillow_180x120_to_500x330.png   upscale on both axes
  pillow_960x540_to_768x768.png   the Florence-2 case: 960 -> 768 across, 540 -> 768 down
"""
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 960, 540


def make_source():
    random.seed(20240617)
    # Sky-like vertical gradient blended with a horizontal colour ramp.
    pixels = bytearray()
    for y in range(HEIGHT):
        for x in range(WIDTH):
            r = int(40 + 180 * x / (WIDTH - 1))
            g = int(90 + 120 * y / (HEIGHT - 1))
            b = int(230 - 150 * y / (HEIGHT - 1))
            pixels += bytes((r, g, b))
    image = Image.frombytes("RGB", (WIDTH, HEIGHT), bytes(pixels))

    draw = ImageDraw.Draw(image)
    # Hard-edged "objects": saturated colours against the gradient make the worst case for ringing.
    draw.rectangle((60, 300, 330, 500), fill=(20, 20, 25))
    draw.rectangle((80, 320, 150, 380), fill=(250, 250, 245))
    draw.ellipse((400, 80, 620, 300), fill=(240, 200, 30), outline=(0, 0, 0), width=3)
    draw.polygon([(700, 500), (820, 250), (940, 500)], fill=(30, 140, 60))
    # One-pixel and two-pixel lines, and a checkerboard: high frequencies that downscaling must filter.
    for i in range(0, 120, 6):
        draw.line((360 + i, 340, 360 + i, 520), fill=(255, 0, 0), width=1)
    for i in range(0, 80, 4):
        draw.line((520, 360 + i, 680, 360 + i), fill=(0, 0, 255), width=2)
    for cy in range(20, 80, 5):
        for cx in range(20, 200, 5):
            if (cx // 5 + cy // 5) % 2 == 0:
                draw.rectangle((cx, cy, cx + 4, cy + 4), fill=(255, 255, 255))
            else:
                draw.rectangle((cx, cy, cx + 4, cy + 4), fill=(0, 0, 0))

    # Sensor-like noise on a 160x100 patch only (noise everywhere would make the PNG large).
    patch = image.crop((760, 40, 920, 140))
    noisy = bytearray(patch.tobytes())
    for i in range(len(noisy)):
        noisy[i] = max(0, min(255, noisy[i] + random.randint(-40, 40)))
    image.paste(Image.frombytes("RGB", patch.size, bytes(noisy)), (760, 40))
    return image


def main():
    source = make_source()
    source.save("source_960x540.png", optimize=True)
    small = source.crop((300, 260, 480, 380))
    small.save("source_180x120.png", optimize=True)

    source.resize((300, 200), Image.BICUBIC).save("pillow_960x540_to_300x200.png", optimize=True)
    small.resize((500, 330), Image.BICUBIC).save("pillow_180x120_to_500x330.png", optimize=True)
    source.resize((768, 768), Image.BICUBIC).save("pillow_960x540_to_768x768.png", optimize=True)


if __name__ == "__main__":
    main()
