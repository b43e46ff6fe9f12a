#!/usr/bin/env python3
"""Deterministic synthetic case library for benchmarks.

Same --seed and --count give byte-identical files. Each article has realistic
front matter (about 350 organisations, 12 themes, 10 instruments, dates
2010-2026, 1-3 themes) and a Dutch-like body of 300-1,500 words drawn from a
Zipfian vocabulary, with the seed article's sections (Doel, Bijzonder,
Voordelen, Nadelen, an interview body, Geleerde lessen with bullets).

    tools/gen_corpus.py --count 10000 --out /tmp/corpus-10k [--seed 42]
"""
import argparse
import bisect
import itertools
import os
import random

THEMES = ["mobiliteit", "energie", "circulair", "zorg", "sociaal domein", "ict", "infrastructuur",
          "water", "voedsel", "gebouwen", "veiligheid", "klimaat"]
INSTRUMENTS = ["marktconsultatie", "meeting the market", "sbir", "pcp", "innovatiepartnerschap",
               "concurrentiegerichte dialoog", "prijsvraag", "best value procurement",
               "functioneel specificeren", "dynamisch aankoopsysteem"]
ORG_TYPES = [("Gemeente", "gemeente", 250), ("Provincie", "provincie", 12), ("Waterschap", "waterschap", 21),
             ("Ministerie van", "rijk", 12), ("Omgevingsdienst", "samenwerkingsverband", 29),
             ("Veiligheidsregio", "samenwerkingsverband", 25)]
REGIONS = ["Groningen", "Friesland", "Drenthe", "Overijssel", "Flevoland", "Gelderland", "Utrecht",
           "Noord-Holland", "Zuid-Holland", "Zeeland", "Noord-Brabant", "Limburg"]
# Real Dutch words of the domain keep the frequent end of the vocabulary
# realistic; synthetic words from Dutch syllables fill the long tail.
CORE = ("de het een en van in is dat op te met voor niet aan er om ook als bij of door maar uit tot dan "
        "inkoop inkopen inkopers aanbesteding markt leverancier leveranciers opdrachtgever gemeente "
        "innovatie innovatief oplossing oplossingen samenwerking kennis ondernemers contract contracten "
        "duurzaam duurzame circulair energie mobiliteit zorg kosten risico risico's doel doelen project "
        "projecten organisatie beleid proces aanpak ruimte vraag vragen ervaring ervaringen resultaat "
        "resultaten pilot inschrijvers gunning criteria kwaliteit prijs budget planning team collega's "
        "bewoners wijk stad regio provincie waterschap uitvoering beheer onderhoud levering diensten").split()
SYLLABLES = ["ver", "be", "ont", "ge", "aan", "in", "uit", "op", "over", "door", "wer", "kin", "lan",
             "bouw", "stel", "zet", "pla", "ning", "heid", "ing", "en", "er", "lijk", "baar", "schap",
             "dijk", "stroom", "markt", "koop", "gaar", "vol", "gen", "der", "te", "ster", "wa", "ter",
             "zon", "wind", "net", "werk", "dienst", "zorg", "plan", "kracht", "licht", "weg", "brug"]


def make_vocab(rng, size):
    words = list(CORE)
    seen = set(words)
    while len(words) < size:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if w not in seen:
            seen.add(w)
            words.append(w)
    # Zipf weights 1/rank: cumulative table for bisect sampling.
    cum = list(itertools.accumulate(1.0 / (r + 1) for r in range(len(words))))
    return words, cum


def sentence(rng, words, cum, n):
    total = cum[-1]
    ws = [words[bisect.bisect_left(cum, rng.random() * total)] for _ in range(n)]
    s = " ".join(ws)
    return s[0].upper() + s[1:] + "."


def paragraph(rng, words, cum, n_words):
    out, left = [], n_words
    while left > 0:
        k = min(left, rng.randint(6, 18))
        out.append(sentence(rng, words, cum, k))
        left -= k
    return " ".join(out)


def organisations(rng):
    orgs = []
    for prefix, typ, n in ORG_TYPES:
        for i in range(n):
            name = f"{prefix} {rng.choice(SYLLABLES).capitalize()}{rng.choice(SYLLABLES)}{i}"
            orgs.append((name, typ, rng.choice(REGIONS)))
    return orgs


def write_queries(a, words):
    """1-3 word queries from frequent, medium and rare vocabulary (a third
    each), half of them with one facet filter."""
    r = random.Random(a.seed + 7)
    bands = [(len(CORE), 300), (1000, 5000), (10000, min(len(words), 25000))]
    with open(a.queries_out, "w", encoding="utf-8") as f:
        for i in range(a.queries):
            lo, hi = bands[i % 3]
            q = " ".join(words[r.randrange(lo, hi)] for _ in range(r.randint(1, 3)))
            filt = ""
            if i % 2:
                kind = r.choice(("themes", "year", "organisation_type"))
                val = {"themes": lambda: r.choice(THEMES), "year": lambda: str(r.randint(2010, 2026)),
                       "organisation_type": lambda: "gemeente"}[kind]()
                filt = f"\t{kind}={val}"
            f.write(q + filt + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--vocab", type=int, default=30000)
    ap.add_argument("--queries-out", help="also write a query mix (words TAB facet=value) here")
    ap.add_argument("--queries", type=int, default=300)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    words, cum = make_vocab(rng, a.vocab)
    orgs = organisations(rng)
    if a.queries_out:
        write_queries(a, words)
    per_dir = 1000
    for i in range(a.count):
        r = random.Random(a.seed * 1_000_003 + i)  # per-article stream: files independent of count
        org, typ, region = orgs[int(r.paretovariate(1.2) * 7) % len(orgs)]
        themes = r.sample(THEMES, r.randint(1, 3))
        instruments = r.sample(INSTRUMENTS, r.randint(1, 2))
        year = r.randint(2010, 2026)
        date = f"{year}-{r.randint(1, 12):02d}"
        n_words = r.randint(300, 1500)
        title = sentence(r, words, cum, r.randint(4, 9))[:-1]
        d = os.path.join(a.out, f"d{i // per_dir:03d}")
        os.makedirs(d, exist_ok=True)
        body_words = n_words - 120
        lessons = [sentence(r, words, cum, r.randint(8, 20)) for _ in range(r.randint(2, 5))]
        with open(os.path.join(d, f"case-{i:06d}.md"), "w", encoding="utf-8") as f:
            f.write("---\n")
            f.write(f'title: "{title}"\n')
            f.write(f'summary: "{sentence(r, words, cum, 20)}"\n')
            f.write(f"organisation: {org}\norganisation_type: {typ}\nregion: {region}\n")
            f.write(f"date: {date}\nlanguage: nl\ntype: case\n")
            f.write(f"themes: [{', '.join(themes)}]\ninstruments: [{', '.join(instruments)}]\n")
            f.write(f"source: https://example.org/casus/{i}\n---\n\n")
            f.write(paragraph(r, words, cum, 40) + "\n\n## Doel\n\n" + paragraph(r, words, cum, 20) + "\n\n")
            f.write("## Bijzonder\n\n" + paragraph(r, words, cum, 25) + "\n\n## Voordelen\n\n")
            for _ in range(r.randint(1, 3)):
                f.write(f"- {sentence(r, words, cum, r.randint(8, 16))}\n")
            f.write("\n## Nadelen\n\n")
            for _ in range(r.randint(1, 2)):
                f.write(f"- {sentence(r, words, cum, r.randint(8, 16))}\n")
            left = body_words
            while left > 0:
                k = min(left, r.randint(60, 160))
                f.write(f"\n## {sentence(r, words, cum, r.randint(3, 6))[:-1]}\n\n{paragraph(r, words, cum, k)}\n")
                left -= k
            f.write("\n## Geleerde lessen & tips\n\n")
            for l in lessons:
                f.write(f"- {l}\n")


if __name__ == "__main__":
    main()
