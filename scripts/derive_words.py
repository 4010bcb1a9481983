#!/usr/bin/env python3
"""Derives gazetteer/words-en.tsv: how common an English word is, and how often it is a
given name or a family name, for the geoparser's person and common-word evidence.

Sources (PyPI, installed with `pip install wordfreq==3.1.1 names==0.3.0`):
- wordfreq 3.1.1: Zipf frequency of each lower-case English word (data CC BY-SA 4.0);
- names 0.3.0: the US Census 1990 given-name (male, female) and surname lists (public
  domain; the package is MIT).

Columns: folded key, Zipf frequency (0-8, one decimal), share of people with it as a given
name and as a surname, in parts per million. Keys are lower-case ASCII letters only.

    python3 scripts/derive_words.py > gazetteer/words-en.tsv
"""
import os
import sys

import names
import wordfreq

TOP_WORDS = 40_000
TOP_SURNAMES = 25_000


def census(path, limit=None):
    out = {}
    with open(path, encoding="ascii") as f:
        for i, line in enumerate(f):
            if limit is not None and i >= limit:
                break
            parts = line.split()
            if len(parts) >= 2:
                out[parts[0].lower()] = out.get(parts[0].lower(), 0) + float(parts[1]) * 10_000
    return out


def main():
    base = os.path.dirname(names.__file__)
    male = census(os.path.join(base, "dist.male.first"))
    female = census(os.path.join(base, "dist.female.first"))
    # Given-name shares over all people: each list is a share of its half.
    given = {k: (male.get(k, 0) + female.get(k, 0)) / 2 for k in set(male) | set(female)}
    surname = census(os.path.join(base, "dist.all.last"), TOP_SURNAMES)
    words = [w for w in wordfreq.top_n_list("en", TOP_WORDS) if w.isascii() and w.isalpha()]
    keys = sorted(set(words) | set(given) | set(surname))
    out = sys.stdout
    out.write("# key\tzipf\tgiven_ppm\tsurname_ppm\n")
    for k in keys:
        z = wordfreq.zipf_frequency(k, "en")
        out.write(f"{k}\t{z:.1f}\t{round(given.get(k, 0))}\t{round(surname.get(k, 0))}\n")


if __name__ == "__main__":
    main()
