#!/usr/bin/env python3
"""xmlpipe2 stream of a Casebase corpus for Sphinx's indexer: the same text
(title, summary, body) and the same facets as attributes (keyword values as
FNV-1a ids, as bench/load/load.cc computes them). Usage: xmlpipe.py CORPUS_DIR"""
import os
import re
import sys
from xml.sax.saxutils import escape


def value_id(s):
    h = 2166136261
    for c in s.encode("utf-8"):
        h ^= c
        h = (h * 16777619) & 0xFFFFFFFF
    return h % 1000000


def parse(text):
    fm, body = {}, text
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4)
        for line in text[4:end].split("\n"):
            if ":" not in line:
                continue
            k, v = line.split(":", 1)
            v = v.strip()
            if v.startswith("[") and v.endswith("]"):
                fm[k] = [x.strip() for x in v[1:-1].split(",") if x.strip()]
            else:
                fm[k] = v.strip('"')
        body = text[end + 5:]
    return fm, body


def main():
    root = sys.argv[1]
    out = sys.stdout
    out.write('<?xml version="1.0" encoding="utf-8"?>\n<sphinx:docset>\n<sphinx:schema>\n'
              '<sphinx:field name="title" attr="string"/>\n<sphinx:field name="summary"/>\n<sphinx:field name="body"/>\n'
              '<sphinx:attr name="organisation" type="int" bits="32"/>\n'
              '<sphinx:attr name="organisation_type" type="int" bits="32"/>\n'
              '<sphinx:attr name="region" type="int" bits="32"/>\n<sphinx:attr name="year" type="int" bits="32"/>\n'
              '<sphinx:attr name="themes" type="multi"/>\n<sphinx:attr name="instruments" type="multi"/>\n'
              '</sphinx:schema>\n')
    doc_id = 0
    for dirpath, _, names in sorted(os.walk(root)):
        for n in sorted(names):
            if not n.endswith(".md"):
                continue
            with open(os.path.join(dirpath, n), encoding="utf-8") as f:
                fm, body = parse(f.read())
            doc_id += 1
            body = re.sub(r"^#+ |^- ", "", body, flags=re.M)
            year = str(fm.get("date", "0"))[:4]
            out.write(f'<sphinx:document id="{doc_id}">\n<title>{escape(str(fm.get("title", "")))}</title>\n'
                      f'<summary>{escape(str(fm.get("summary", "")))}</summary>\n<body>{escape(body)}</body>\n'
                      f'<organisation>{value_id(str(fm.get("organisation", "")))}</organisation>\n'
                      f'<organisation_type>{value_id(str(fm.get("organisation_type", "")))}</organisation_type>\n'
                      f'<region>{value_id(str(fm.get("region", "")))}</region>\n<year>{int(year) if year.isdigit() else 0}</year>\n'
                      f'<themes>{",".join(str(value_id(t)) for t in fm.get("themes", []))}</themes>\n'
                      f'<instruments>{",".join(str(value_id(t)) for t in fm.get("instruments", []))}</instruments>\n'
                      '</sphinx:document>\n')
    out.write("</sphinx:docset>\n")


if __name__ == "__main__":
    main()
