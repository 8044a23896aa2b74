from __future__ import annotations

import pytest

from identity.names import check_name

REAL = [
    "Ana Silva", "Sukarno", "Madonna", "王伟", "田中 花子", "김민준", "Иван Петров", "محمد علي",
    "राहुल शर्मा", "Γιώργος Παπαδόπουλος", "Jean-Luc Picard", "Seán O'Brien", "D'Angelo Russo",
    "Ludwig van der Rohe", "María de la Cruz", "Ahmad bin Ismail", "J. R. R. Tolkien",
    "Nguyễn Thị Minh", "Zoë Lefèvre", "Oluwaseun Adeyemi", "Anna-Lena Schmidt",
]  # fmt: skip

FAKE = {
    "Best SEO Solutions LLC": "business words",
    "Pixel Studio": "business words",
    "webguru2024": "digits",
    "www.hireme.com": "web address",
    "john_doe": "handle",
    "mail@me.org": "handle or an email",
    "Ana 🚀💯": "emoji",
    "asdfgh": "keyboard mash",
    "jkjkjk": "keyboard mash",
    "JOHN SMITH BEST DEVELOPER": "capitals",
    "X": "single letter",
    "Nike": "brand",
}


@pytest.mark.parametrize("name", REAL)
def test_real_names_pass(name: str) -> None:
    verdict = check_name(name, brands=["Nike", "Google"])
    assert not verdict.fake, verdict.why


@pytest.mark.parametrize(("name", "why"), FAKE.items())
def test_fake_names_are_explained(name: str, why: str) -> None:
    verdict = check_name(name, brands=["Nike", "Google"])
    assert verdict.fake and any(why in w for w in verdict.why), verdict.why
    assert 0.5 <= verdict.severity <= 1.0


def test_allow_list_hook() -> None:
    assert check_name("Studio Ghibli Fan").fake
    assert not check_name("Studio Ghibli Fan", allow={"Studio Ghibli Fan"}).fake
