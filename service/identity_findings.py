"""Identity-policy findings for the rescore: portraits, names, off-platform contact.

Pure over the projection; the codes they produce are combined with the graph
detectors' in :mod:`service.analysis`.
"""

from __future__ import annotations

from collections import defaultdict

from graph import duplicates
from graph.projection import Projection
from identity.logos import LogoRegistry
from identity.names import BrandNames, NameVerdict, check_name
from identity.portraits import NOT_A_PHOTO_THRESHOLD
from identity.similar import same_photo_groups, views_of
from identity.text import CONTACT

Finding = tuple[str, int, float, str, tuple[str, ...]]

# Accounts that may show a logo: agencies and (company) clients.
LOGO_ALLOWED_KINDS = frozenset({"AGENCY", "CLIENT"})


def same_photo_explanation(others: int) -> str:
    return f"Shows the same photo as {others} other account(s)."


def identity_findings(
    p: Projection, identifiers: duplicates.Identifiers, logos: LogoRegistry | None = None
) -> list[Finding]:
    """LOGO_PORTRAIT, DUPLICATE_PORTRAIT, FAKE_NAME, OFF_PLATFORM_CONTACT.

    Near-identical portraits also become one ``portrait`` identifier value
    (added to ``identifiers``), so a reused photo is evidence for the
    duplicate-account detector too.
    """
    out: list[Finding] = []
    views = [views_of(k, r) for k, r in enumerate(p.portraits)]
    group_of: dict[int, str] = {}
    for members in same_photo_groups(views):
        records = [p.portraits[k] for k in members]
        name = "pic-" + min(r.phash for r in records)
        accounts = sorted({r.account for r in records})
        for r in records:
            group_of[id(r)] = name
        if len(accounts) < 2 or min(r.not_a_photo for r in records) >= NOT_A_PHOTO_THRESHOLD:
            continue  # a shared logo is LOGO_PORTRAIT's business, not a stolen photo
        for a in accounts:
            others = tuple(p.ids[o] for o in accounts if o != a)
            out.append(
                (
                    "DUPLICATE_PORTRAIT",
                    a,
                    0.8,
                    same_photo_explanation(len(others)),
                    others,
                )
            )
    for r in p.portraits:
        identifiers.add("portrait", r.account, group_of.get(id(r), "pic-" + r.phash))
        if not r.current or p.kind[r.account] in LOGO_ALLOWED_KINDS:
            continue
        known = (
            logos.match_portrait(r.signature, r.trimmed, r.on_black, r.segments) if logos else None
        )
        if known is not None:
            out.append(
                (
                    "LOGO_PORTRAIT",
                    r.account,
                    1.0,
                    f"The profile picture is the {known[0].brand} logo.",
                    (known[0].brand, r.phash),
                )
            )
        elif r.not_a_photo >= NOT_A_PHOTO_THRESHOLD:
            out.append(
                (
                    "LOGO_PORTRAIT",
                    r.account,
                    min(1.0, 0.5 + r.not_a_photo / 2),
                    "The profile picture is a logo or graphic, not a photo of the person.",
                    (r.phash,),
                )
            )
    brands = BrandNames(logos.brands if logos else ())
    verdicts: dict[str, NameVerdict] = {}  # names repeat: check each spelling once
    for i, display in enumerate(p.name):
        # the real-name rule binds individual freelancers; a client or an
        # agency may trade under a company name
        if display and p.kind[i] == "FREELANCER":
            verdict = verdicts.get(display)
            if verdict is None:
                verdict = verdicts[display] = check_name(display, brands=brands)
            if verdict.fake:
                out.append(
                    (
                        "FAKE_NAME",
                        i,
                        verdict.severity,
                        f"The display name {'; '.join(verdict.why)}.",
                        (),
                    )
                )
    attempts: dict[int, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
    for attempt in p.contact_attempts:
        categories = set(attempt.categories)
        if attempt.recipient is not None:
            me, other = p.ids[attempt.sender], attempt.recipient
            started = min(p.contracts.get((me, other), 2**62), p.contracts.get((other, me), 2**62))
            if started <= attempt.at:
                categories -= CONTACT  # sharing contact details is fine once hired
        if categories:
            attempts[attempt.sender].append((attempt.id, tuple(sorted(categories))))
    for sender, asked in attempts.items():
        kinds = sorted({c for _, cs in asked for c in cs})
        severity = min(1.0, 0.5 + 0.1 * len(kinds) + 0.1 * (len(asked) - 1))
        out.append(
            (
                "OFF_PLATFORM_CONTACT",
                sender,
                severity,
                f"Asked to take {', '.join(k.replace('_', ' ') for k in kinds)} off the platform.",
                tuple(mid for mid, _ in asked),
            )
        )
    return out
