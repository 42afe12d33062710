"""Writes Pillow BICUBIC resize references for the resampler tests.

Run where Pillow and NumPy are installed (the project's GPU machine has both):
    python3 tools/pillow-reference/make_cases.py OUT_DIR
It writes a deterministic photo-like source image and Pillow's resizes of it, plus a versions.txt.
"""
import sys, os
import numpy as np
import PIL
from PIL import Image

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(20261127)
h, w = 720, 1280
y, x = np.mgrid[0:h, 0:w]
checker = (((x // 96) + (y // 64)) % 2) * 60
r = (x * 255 // w) + checker + rng.integers(-10, 11, (h, w))
g = (y * 255 // h) + rng.integers(-10, 11, (h, w))
b = 128 + checker // 2 + 60 * np.sin(x / 37.0) + rng.integers(-10, 11, (h, w))
rgb = np.clip(np.stack([r, g, b], axis=-1), 0, 255).astype(np.uint8)
source = Image.fromarray(rgb, "RGB")
source.save(os.path.join(out, "source_1280x720.png"), optimize=True)
cases = [(768, 768), (333, 97), (1281, 721), (7, 900)]
for (cw, ch) in cases:
    source.resize((cw, ch), Image.BICUBIC).save(os.path.join(out, f"pillow_1280x720_to_{cw}x{ch}.png"))
with open(os.path.join(out, "versions.txt"), "w") as f:
    f.write(f"Pillow {PIL.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}\n")
print(open(os.path.join(out, "versions.txt")).read(), os.listdir(out))
