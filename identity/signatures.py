"""The signatures a picture carries besides its three uploaded hashes."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True, kw_only=True)
class Signatures:
    """A picture's second signatures, beside its pHash | dHash | wHash.

    One type for every place that carries them: the hashes here, the ingest
    row (graph.model.PortraitRow), the Portrait node and the projection's
    record (graph.projection.PortraitRecord); tests hold the others to
    :data:`PORTRAIT_SIGNATURES`. Each is "" when it does not apply.
    """

    trimmed: str = ""  # pHash|dHash|wHash of the picture with uniform borders cut away
    on_black: str = ""  # see-through uploads: the trimmed signature composited on black
    colour: str = ""  # imagehash colour hash (3 bits a bin) of the trimmed picture
    segments: str = ""  # identity.segments, for logo-like pictures only
    circled: str = ""  # signature (48 hex) of circle(picture): round avatars
    inner: str = ""  # signature (48 hex) of the picture's centre: cropped copies
    turned: str = ""  # circled signatures (2 x 48 hex) turned both ways: rotated copies


PORTRAIT_SIGNATURES: tuple[str, ...] = tuple(f.name for f in fields(Signatures))


@dataclass(frozen=True, kw_only=True)
class WorkHashes:
    """What a portfolio picture or a registered work keeps: its three
    uploaded hashes and the signatures a copy of a rectangle of work shares
    with it (identity.similar.views_of). A portrait's round-frame and turned
    signatures (avatars) and its logo checks are not made for it."""

    phash: str
    dhash: str
    whash: str
    trimmed: str = ""
    colour: str = ""
    inner: str = ""
    circled: str = ""  # kept empty: work is not cropped round
    turned: str = ""  # kept empty: nor turned

    @property
    def signature(self) -> str:
        """pHash | dHash | wHash as uploaded (48 hex)."""
        return f"{self.phash}{self.dhash}{self.whash}"


# the properties a PortfolioItem or Work node holds for its picture
WORK_SIGNATURES: tuple[str, ...] = tuple(f.name for f in fields(WorkHashes))
