"""Text shapes: reworded texts stay near, different texts do not, the key matters."""

from __future__ import annotations

import itertools
import random

import pytest

from identity.shapes import MIN_WORDS, NEAR, TextShaper, near, similarity

KEY = b"a test key of thirty-two bytes.."
TEXTS = [
    "Good morning, I reviewed the wireframes you sent and I have a few questions about the "
    "checkout flow before I start building it next week.",
    "We run a small bakery in Porto and need someone to photograph twenty products on a white "
    "background for our new online menu, ideally by Friday.",
    "Our nonprofit is migrating three thousand donor records from spreadsheets into a CRM and "
    "we need help cleaning duplicates and mapping the fields correctly.",
    "I am a senior iOS developer and would be glad to take over the maintenance of your "
    "fitness app, including the crash reports from the last release.",
    "Please translate the attached user manual from German into Spanish, keeping the "
    "technical terms consistent with the glossary in the second tab.",
    "The podcast needs an editor for weekly episodes of about forty minutes: noise removal, "
    "levelling, intro music and show notes in plain English.",
    "Could you record a short explainer video for our budgeting tool? A friendly voice, two "
    "minutes at most, and subtitles in English and French.",
    "I need a landscape architect to draw a planting plan for a narrow north facing garden "
    "with clay soil, a small pond and a bench for reading.",
]
NAMES = ("Ada", "Bruno", "Chidi", "Dana", "Eitan", "Fatima")


def one_edit(r: random.Random, text: str) -> str:
    """A greeting added, a word replaced by a name, or two neighbours swapped."""
    words = text.split()
    how = r.randrange(3)
    if how == 0:
        return f"Hello {r.choice(NAMES)}, {text}"
    i = r.randrange(len(words) - 1)
    if how == 1:
        words[i] = r.choice(NAMES)
    else:
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


@pytest.fixture
def shaper() -> TextShaper:
    return TextShaper(KEY)


def test_short_texts_have_no_shape(shaper: TextShaper) -> None:
    assert shaper.shape("Thanks, the files are in the workroom now.") is None
    assert shaper.shape(" ".join(["word"] * (MIN_WORDS - 1))) is None
    assert shaper.shape(" ".join(f"w{i}x" for i in range(MIN_WORDS))) is not None


def test_a_shape_is_32_bytes_of_hex_and_repeatable(shaper: TextShaper) -> None:
    shape = shaper.shape(TEXTS[0])
    assert shape is not None and len(shape) == 64
    assert int(shape, 16) >= 0
    assert shaper.shape(TEXTS[0]) == shape
    assert similarity(shape, shape) == 1.0


def test_case_numbers_and_spacing_do_not_change_a_shape(shaper: TextShaper) -> None:
    text = "Order 4411 ships on day 3, we charge 25 dollars for each extra week of storage here."
    same = "ORDER 9020 ships on day 17,   we charge 40 dollars for each extra week of storage here"
    assert shaper.shape(text) == shaper.shape(same)


def test_another_key_gives_another_shape() -> None:
    a = TextShaper(KEY).shape(TEXTS[1])
    b = TextShaper(b"another key, also long enough!!!").shape(TEXTS[1])
    assert a is not None and b is not None
    assert similarity(a, b) < NEAR


def test_a_key_outside_blake2b_sizes_is_refused() -> None:
    with pytest.raises(ValueError, match="16 to 64 bytes"):
        TextShaper(b"short")


def test_one_edit_keeps_a_text_near(shaper: TextShaper) -> None:
    r = random.Random(7)
    for text in TEXTS:
        for _ in range(20):
            a, b = shaper.shape(text), shaper.shape(one_edit(r, text))
            assert a is not None and b is not None
            assert near(a, b), (text, similarity(a, b))


def test_different_texts_are_far_apart(shaper: TextShaper) -> None:
    shapes = [shaper.shape(t) for t in TEXTS]
    for a, b in itertools.combinations(shapes, 2):
        assert a is not None and b is not None
        assert similarity(a, b) < 0.35


def test_similarity_estimates_the_word_overlap(shaper: TextShaper) -> None:
    """Half the words shared: the estimate is near the true Jaccard of the sets."""
    r = random.Random(3)
    vocabulary = ["".join(r.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(5000)]
    for _ in range(30):
        shared = r.sample(vocabulary, 40)
        a = shared + r.sample(vocabulary, 40)
        b = shared + r.sample(vocabulary, 40)
        features = [set(t) | {f"{x} {y}" for x, y in itertools.pairwise(t)} for t in (a, b)]
        truth = len(features[0] & features[1]) / len(features[0] | features[1])
        sa, sb = shaper.shape(" ".join(a)), shaper.shape(" ".join(b))
        assert sa is not None and sb is not None
        assert abs(similarity(sa, sb) - truth) < 0.3
