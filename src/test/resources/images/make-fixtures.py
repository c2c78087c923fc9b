#!/usr/bin/python3
"""Writes the image fixtures of io.camsearch.image's tests (Debian's python3-pil 9.4).

Every fixture shows the same upright picture, 32x16 pixels in four 16x8 quadrants:
red top-left, green top-right, blue bottom-left, white bottom-right.
Run from this directory: /usr/bin/python3 make-fixtures.py
"""
import random

from PIL import Image

ORIENTATION_TAG = 0x0112
# How to store the upright picture so that a viewer applying EXIF orientation n shows it
# upright: the inverse of the transform that orientation n asks for.
STORE_FOR_ORIENTATION = {
    1: None,
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_90,    # the viewer turns it 90 degrees clockwise
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_270,   # the viewer turns it 90 degrees anticlockwise
}


def quadrants(mode='RGB', colours=((255, 0, 0), (0, 255, 0), (0, 0, 255), (255, 255, 255))):
    image = Image.new(mode, (32, 16))
    for index, colour in enumerate(colours):
        left, top = 16 * (index % 2), 8 * (index // 2)
        image.paste(colour, (left, top, left + 16, top + 8))
    return image


upright = quadrants()
upright.save('quadrants.webp', lossless=True)
upright.save('quadrants-lossy.webp', quality=90)
for orientation, transpose in STORE_FOR_ORIENTATION.items():
    stored = upright if transpose is None else upright.transpose(transpose)
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = orientation
    stored.save(f'orientation-{orientation}.jpg', quality=95, subsampling=0, exif=exif.tobytes())

# Process colours: cyan, magenta, yellow, black; PIL writes an Adobe (inverted) CMYK JPEG.
quadrants('CMYK', ((255, 0, 0, 0), (0, 255, 0, 0), (0, 0, 255, 0), (0, 0, 0, 255))) \
    .save('cmyk.jpg', quality=95, subsampling=0)

# Pillow's bilinear resize (what torchvision's Resize does to PIL images) of a noise picture,
# down by about 6 and up by about 1.4, to hold the Java resampler to.
noise = Image.frombytes('RGB', (40, 30), random.Random(3).randbytes(40 * 30 * 3))
noise.save('noise-40x30.png')
for size in ((7, 5), (57, 43)):
    noise.resize(size, Image.Resampling.BILINEAR).save(f'noise-40x30-pillow-bilinear-{size[0]}x{size[1]}.png')
