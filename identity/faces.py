"""Is there a human face in the picture? OpenCV's Haar cascade, frontal faces.

Used as a veto in :func:`identity.portraits.not_a_photo`: a picture whose
colour statistics look like a logo but that shows a face is a portrait (a
person in front of a plain wall, a flat-lit studio shot), not a mark. The
cascade ships inside ``opencv-python-headless`` 4.x (5.x dropped the data
files), so nothing is downloaded at run time. It is the costliest check
per picture (bench/identity.py), which is why it only runs on the few
pictures the statistics already call logo-like.

A cartoon mascot's face is usually not detected (the cascade wants shading),
and a logo containing a photographed face would be let through: such marks
need the logo registry, which matches them by hash.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import cv2
import numpy as np
from PIL import Image

from identity.errors import FaceDetectorUnavailable
from identity.palette import dominant_share

SIDE = 256  # detection size: faces of an avatar are large, small images are fast
# Faces fill an avatar: the smallest box looked for is 48 of 256 pixels. The
# cascade's cost is in its small scales; 48 keeps every face of the test
# pictures (tests/identity/test_faces.py) at about half the cost of 32, and
# 64 loses the astronaut's.
MIN_FACE = 48
MIN_NEIGHBOURS = 5
# A face has shading: its box is not a few flat colours. The cascade's false
# hits on logos (a gear's holes as eyes and mouth) are. Measured with
# dominant_share on the box: the astronaut's face 0.39; the only two false
# hits among 600 simple-icons avatars (brands 200-399) 0.89.
MAX_FACE_FLATNESS = 0.7


@cache
def _cascade() -> Any:
    path = str(cv2.data.haarcascades) + "haarcascade_frontalface_default.xml"  # type: ignore[attr-defined]
    classifier = cv2.CascadeClassifier(path)
    if classifier.empty():
        raise FaceDetectorUnavailable(path)
    return classifier


def has_face(image: Image.Image) -> bool:
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    small = rgb.resize((SIDE, SIDE), Image.Resampling.BILINEAR)
    found = _cascade().detectMultiScale(
        np.asarray(small.convert("L")),
        scaleFactor=1.1,
        minNeighbors=MIN_NEIGHBOURS,
        minSize=(MIN_FACE, MIN_FACE),
    )
    return any(
        dominant_share(small.crop((x, y, x + w, y + h))) < MAX_FACE_FLATNESS for x, y, w, h in found
    )
