"""IP addresses as logins carry them: canonical, with the network they share."""

from __future__ import annotations

import functools
import ipaddress
import socket


@functools.lru_cache(maxsize=1 << 16)
def ip_and_prefix(value: str) -> tuple[str, str]:
    """Canonical address and its /24 (IPv4) or /48 (IPv6) network.

    The network is what NAT pools and offices share. Cached: a marketplace's
    logins come from far fewer addresses than there are logins. A
    dotted-quad IPv4 address is read by the C library (~1 us); the
    ``ipaddress`` module, ~10 us a call, takes the rest: the 100k demo has
    103k distinct addresses, more than the cache holds.
    """
    try:
        packed = socket.inet_pton(socket.AF_INET, value)
    except OSError:
        return _parsed_ip_and_prefix(value)
    # inet_pton takes only canonical dotted quads (no leading zeros, no
    # spaces), exactly those ipaddress prints back unchanged
    network = socket.inet_ntop(socket.AF_INET, packed[:3] + b"\0")
    return value, f"{network}/24"


def _parsed_ip_and_prefix(value: str) -> tuple[str, str]:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an IPv4 or IPv6 address") from None
    bits = 24 if address.version == 4 else 48
    return str(address), str(ipaddress.ip_network(f"{address}/{bits}", strict=False))
