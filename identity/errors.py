"""One root exception for the identity package; messages say how to fix the input."""

from __future__ import annotations


class IdentityError(ValueError):
    """Root of every error raised by :mod:`identity`.

    A ``ValueError`` so that pydantic validators surface it as a field error.
    """


class InvalidEmail(IdentityError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"not an email address ({detail}); expected local@domain.tld")


class InvalidPhone(IdentityError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            f"not a phone number ({detail}); give it in international form, e.g. +14155550123"
        )


class InvalidPaymentFingerprint(IdentityError):
    def __init__(self, detail: str) -> None:
        super().__init__(f"payment fingerprint unusable ({detail})")


class WeakSecret(IdentityError):
    def __init__(self) -> None:
        super().__init__(
            "the hashing secret is shorter than 16 bytes; set TRUSTMESH_SECRET to a long "
            "random string (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)"
        )


class PortraitError(IdentityError):
    """A portrait image cannot be used; nothing about it is stored."""


class EmptyImage(PortraitError):
    def __init__(self) -> None:
        super().__init__("image is empty (0 bytes); upload the picture file itself")


class ImageTooLarge(PortraitError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"image is {size} bytes, over the {limit}-byte limit; resize it or raise "
            "TRUSTMESH_MAX_PORTRAIT_BYTES"
        )


class NotAnImage(PortraitError):
    def __init__(self) -> None:
        super().__init__("not an image Pillow can read; send JPEG, PNG, WebP or GIF")


class UnsupportedImageFormat(PortraitError):
    def __init__(self, fmt: str) -> None:
        super().__init__(f"{fmt} images are not accepted; send JPEG, PNG, WebP or GIF")


class TruncatedImage(PortraitError):
    def __init__(self) -> None:
        super().__init__("image file is truncated or corrupt; upload it again")


class DecompressionBomb(PortraitError):
    def __init__(self, pixels: int | None, limit: int) -> None:
        size = f"{pixels} pixels" if pixels else "too many pixels"
        super().__init__(
            f"image has {size}, over the {limit}-pixel limit (decompression bomb guard)"
        )


class FaceDetectorUnavailable(IdentityError):
    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path}: OpenCV's Haar face cascade did not load; reinstall "
            "opencv-python-headless 4.x (5.x no longer ships the cascades)"
        )
