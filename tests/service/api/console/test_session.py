"""Console sessions: signed, expiring, tamper-evident cookies."""

from __future__ import annotations

from service.api.console.session import Sessions


def test_a_session_reads_back_until_it_expires() -> None:
    sessions = Sessions(b"secret", lifetime_s=3600)
    session, cookie = sessions.start("hash-1", now=1_000)
    back = sessions.read(cookie, now=1_000 + 3599)
    assert back == session and back.key_hash == "hash-1"
    assert sessions.read(cookie, now=1_000 + 3600) is None


def test_a_forged_or_foreign_cookie_is_no_session() -> None:
    sessions = Sessions(b"secret", lifetime_s=3600)
    _, cookie = sessions.start("hash-1", now=1_000)
    payload, signature = cookie.split(".")
    forged = payload[:-2] + ("AA" if payload[-2:] != "AA" else "BB") + "." + signature
    assert sessions.read(forged, now=1_000) is None
    assert Sessions(b"other secret", 3600).read(cookie, now=1_000) is None
    for junk in ("", "x", "a.b.c", "e30.e30", None):
        assert sessions.read(junk, now=1_000) is None


def test_the_csrf_token_is_per_session_and_compared_whole() -> None:
    sessions = Sessions(b"secret", lifetime_s=3600)
    one, _ = sessions.start("hash-1")
    two, _ = sessions.start("hash-1")
    assert one.csrf != two.csrf
    assert one.csrf_ok(one.csrf) and not one.csrf_ok(two.csrf)
    assert not one.csrf_ok(None) and not one.csrf_ok(one.csrf[:-1])
