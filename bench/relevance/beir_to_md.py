#!/usr/bin/env python3
"""Writes a BEIR corpus.jsonl as Casebase Markdown articles (one file per
document, YAML front matter with the title), so the collection goes through
the real indexer. Usage: beir_to_md.py COLLECTION_DIR OUT_DIR [LANGUAGE]"""
import json
import os
import re
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    lang = sys.argv[3] if len(sys.argv) > 3 else "en"
    os.makedirs(out, exist_ok=True)
    n = 0
    with open(os.path.join(src, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            doc_id = d["_id"]
            slug = re.sub(r"[^a-z0-9-]+", "-", doc_id.lower()).strip("-") or "doc"
            title = d.get("title") or ""
            text = d.get("text") or ""
            # Markdown-significant characters at line starts would change the
            # structure; the collection is plain text, so escape them.
            body = re.sub(r"^([#>*+\-=|`~]|\d+\.)", r"\\\1", text, flags=re.M)
            with open(os.path.join(out, f"d-{slug}.md"), "w", encoding="utf-8") as o:
                o.write("---\n")
                o.write("title: " + json.dumps(title or doc_id, ensure_ascii=False) + "\n")
                o.write("source: " + json.dumps(doc_id) + "\n")
                o.write(f"language: {lang}\n---\n\n{body}\n")
            n += 1
    print(f"wrote {n} articles to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
