"""Name pools for the demo: real-looking names across scripts, and fake ones."""

from __future__ import annotations

import random

FIRST = [
    "Ana",
    "João",
    "Maria",
    "Lucas",
    "Sofia",
    "Mateo",
    "Valentina",
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Aarav",
    "Priya",
    "Rohan",
    "Ananya",
    "Wei",
    "Mei",
    "Hiroshi",
    "Yuki",
    "Min-jun",
    "Ji-woo",
    "Oluwaseun",
    "Chiamaka",
    "Kwame",
    "Amina",
    "Fatima",
    "Omar",
    "Youssef",
    "Leila",
    "Dmitri",
    "Olga",
    "Ivan",
    "Katarzyna",
    "Piotr",
    "Sven",
    "Ingrid",
    "Lars",
    "Giulia",
    "Marco",
    "Chloé",
    "Théo",
    "Zoë",
    "Seán",
    "Aoife",
    "Nguyen",
    "Thi",
    "Siddharth",
    "Bilal",
    "Ayşe",
    "Mehmet",
    "Camila",
    "Diego",
    "Jan",
    "Eva",
    "Tomás",
    "Inês",
    "Kofi",
    "Zanele",
    "Thabo",
]
LAST = [
    "Silva",
    "Santos",
    "Oliveira",
    "García",
    "Martínez",
    "Smith",
    "Johnson",
    "Brown",
    "Patel",
    "Sharma",
    "Gupta",
    "Wang",
    "Li",
    "Zhang",
    "Tanaka",
    "Suzuki",
    "Kim",
    "Park",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Haddad",
    "El-Amin",
    "Ivanov",
    "Petrova",
    "Kowalski",
    "Nowak",
    "Andersson",
    "Johansson",
    "Rossi",
    "Bianchi",
    "Dubois",
    "Lefèvre",
    "O'Brien",
    "Murphy",
    "Tran",
    "Pham",
    "Khan",
    "Yılmaz",
    "Demir",
    "Rodríguez",
    "Fernández",
    "Novák",
    "Müller",
    "Schmidt",
    "Nkosi",
    "Dlamini",
    "Smith-Jones",
    "Costa",
    "Pereira",
]
PARTICLES = ["van der", "de la", "bin", "van", "da", "von", "al"]
NON_LATIN = [
    "王伟",
    "李娜",
    "田中 花子",
    "김민준",
    "Иван Петров",
    "Ольга Смирнова",
    "محمد علي",
    "أحمد حسن",
    "राहुल शर्मा",
    "Γιώργος Παπαδόπουλος",
    "דוד כהן",
    "สมชาย ใจดี",
]
MONONYMS = ["Sukarno", "Aziz", "Ronaldo", "Madonna", "Tenzin", "Budi"]

BUSINESS_WORDS = ["LLC", "Inc", "Ltd", "Agency", "Studio", "Solutions", "Team", "Official"]
BRANDS = ["Google", "Microsoft", "Adobe", "Amazon", "Spotify", "Shopify", "Slack", "Nike"]
TOPICS = ["Web", "SEO", "Design", "Marketing", "Apps", "Data", "Content", "Cloud"]


def real_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return rng.choice(NON_LATIN)
    if roll < 0.11:
        return rng.choice(MONONYMS)
    if roll < 0.16:
        return f"{rng.choice(FIRST)} {rng.choice(PARTICLES)} {rng.choice(LAST)}"
    if roll < 0.20:
        return f"{rng.choice(FIRST)[0]}. {rng.choice(LAST)}"
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def variant_of(name: str, rng: random.Random) -> str:
    """How one person names a second account: same name, initial, or re-ordered."""
    parts = name.split()
    roll = rng.random()
    if len(parts) >= 2 and roll < 0.35:
        return f"{parts[0][0]}. {' '.join(parts[1:])}"
    if len(parts) >= 2 and roll < 0.55:
        return f"{' '.join(parts[1:])} {parts[0]}"
    return name


def fake_name(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return f"{rng.choice(['Best', 'Pro', 'Top', 'Elite'])} {rng.choice(TOPICS)} " + rng.choice(
            BUSINESS_WORDS
        )
    if roll < 0.45:
        return f"{rng.choice(TOPICS).lower()}guru{rng.randint(10, 9999)}"
    if roll < 0.6:
        return rng.choice(["asdfgh", "qwerty uiop", "zxcvbn", "jkjkjk lol", "aaaa bbbb"])
    if roll < 0.7:
        return f"{rng.choice(BRANDS)} {rng.choice(['Support', 'Official', 'Team'])}"
    if roll < 0.8:
        return f"{rng.choice(FIRST).upper()} {rng.choice(LAST).upper()} BEST DEVELOPER"
    if roll < 0.9:
        return f"www.{rng.choice(TOPICS).lower()}hire{rng.randint(1, 99)}.com"
    return f"{rng.choice(FIRST)} 🚀💯"
