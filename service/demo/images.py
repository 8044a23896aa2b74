"""Generated portrait pictures for the demo: photo-like faces and flat logos.

They are synthetic (no people's photos are shipped): a "photo" is a noisy,
shaded head-and-shoulders figure on a textured background; a "logo" is a few
flat colour shapes and letters on a plain or transparent ground. Enough for
hash-based duplicate checks; the identity benchmarks use real material.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter


def photo(seed: int, size: int = 128) -> Image.Image:
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    # a lit background with a random light direction and a few out-of-focus
    # objects: what makes two different photos differ at low frequencies
    top = np.array([rng.randint(40, 230) for _ in range(3)], dtype=float)
    bottom = np.array([rng.randint(20, 200) for _ in range(3)], dtype=float)
    angle = rng.uniform(0, 2 * np.pi)
    yy, xx = np.mgrid[0:size, 0:size] / size
    ramp = ((xx - 0.5) * np.cos(angle) + (yy - 0.5) * np.sin(angle) + 0.5)[:, :, None]
    pixels = top * (1 - ramp) + bottom * ramp
    pixels += np_rng.normal(0, 12, (size, size, 3))
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    backdrop = ImageDraw.Draw(image)
    for _ in range(rng.randint(2, 5)):
        x, y = rng.uniform(-0.2, 1.0) * size, rng.uniform(-0.2, 0.8) * size
        w, h = rng.uniform(0.2, 0.6) * size, rng.uniform(0.2, 0.6) * size
        colour = tuple(rng.randint(0, 255) for _ in range(3))
        shape = backdrop.rectangle if rng.random() < 0.5 else backdrop.ellipse
        shape([x, y, x + w, y + h], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(size / 40))
    draw = ImageDraw.Draw(image)
    skin = rng.choice([(241, 194, 167), (224, 172, 105), (198, 134, 66), (141, 85, 36)])
    shirt = tuple(rng.randint(0, 255) for _ in range(3))
    cx = size // 2 + rng.randint(-size // 10, size // 10)
    head_w, head_h = size * rng.uniform(0.28, 0.36), size * rng.uniform(0.36, 0.44)
    cy = size * rng.uniform(0.36, 0.44)
    draw.ellipse([cx - size * 0.42, size * 0.72, cx + size * 0.42, size * 1.3], fill=shirt)
    draw.ellipse([cx - head_w / 2, cy - head_h / 2, cx + head_w / 2, cy + head_h / 2], fill=skin)
    hair = tuple(rng.randint(0, 90) for _ in range(3))
    draw.chord(
        [cx - head_w / 2, cy - head_h / 2, cx + head_w / 2, cy + head_h / 3], 180, 360, fill=hair
    )
    for dx in (-head_w / 5, head_w / 5):
        draw.ellipse([cx + dx - 3, cy - 2, cx + dx + 3, cy + 3], fill=(40, 30, 30))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.6, 1.4)))
    noise = np_rng.normal(0, 6, (size, size, 3))
    arr = np.clip(np.asarray(image, dtype=float) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(arr, "RGB")


def logo(seed: int, size: int = 128) -> Image.Image:
    rng = random.Random(seed)
    transparent = rng.random() < 0.4
    ground = (0, 0, 0, 0) if transparent else (*[rng.choice([255, 250, 20]) for _ in range(3)], 255)
    image = Image.new("RGBA", (size, size), ground)
    draw = ImageDraw.Draw(image)
    palette = [(*(rng.randint(0, 255) for _ in range(3)), 255) for _ in range(2)]
    margin = size * rng.uniform(0.1, 0.25)
    box = [margin, margin, size - margin, size - margin]
    shape = rng.choice(["circle", "square", "triangle", "ring"])
    if shape == "circle":
        draw.ellipse(box, fill=palette[0])
    elif shape == "square":
        draw.rounded_rectangle(box, radius=size // 8, fill=palette[0])
    elif shape == "triangle":
        draw.polygon(
            [(size / 2, margin), (size - margin, size - margin), (margin, size - margin)],
            fill=palette[0],
        )
    else:
        draw.ellipse(box, outline=palette[0], width=max(3, size // 10))
    letters = "".join(rng.choice("ABCDEFGHKMNPRSTXZ") for _ in range(rng.randint(1, 3)))
    draw.text((size * 0.38, size * 0.42), letters, fill=palette[1], font_size=size // 5)
    return image


def encode(image: Image.Image, fmt: str, quality: int = 88) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=quality)
    else:
        image.save(buffer, fmt)
    return buffer.getvalue()


def near_copy(image: Image.Image, seed: int) -> Image.Image:
    """The same picture re-uploaded elsewhere: resized, lightly cropped, re-toned."""
    rng = random.Random(seed)
    w, h = image.size
    crop = int(w * rng.uniform(0.0, 0.06))
    out = image.crop((crop, crop, w - crop, h - crop))
    out = out.resize((rng.choice([96, 128, 160]),) * 2)
    if rng.random() < 0.5:
        arr = np.asarray(out.convert("RGB"), dtype=float) * rng.uniform(0.9, 1.1)
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "RGB")
    return out
