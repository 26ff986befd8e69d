#!/usr/bin/env python3
"""Builds the JSON Lines inputs of scripts/bench-batch.sh from the evaluation data.

    make-batch-data.py DATA_DIR OUT_DIR [BIG_DOCS]

Writes into OUT_DIR (never committed; the default of bench-batch.sh is under target/):
  text.jsonl   every text render (aeb + snippets, html_text), field "text", twice over
  html.jsonl   the aeb/html pages, field "html", three times over
  big.jsonl    BIG_DOCS documents (default 200000) cycling through the text renders,
               for the memory bound, the document in "body"; each line carries an "id"
               so order can be checked, and a tiny "lang" field (a document that costs
               the cleaner nothing, so that the stream itself can be measured on all of it)
  huge.jsonl   one line holding a single 100 MB document, then one small line
The pages are only packed, never changed, so the figures are about real documents.
"""
import gzip
import json
import os
import sys


def read_dir(path):
    docs = []
    for name in sorted(os.listdir(path)):
        if name.endswith(".gz"):
            with gzip.open(os.path.join(path, name), "rb") as f:
                docs.append((name, f.read().decode("utf-8", errors="replace")))
    return docs


def main():
    data, out = sys.argv[1], sys.argv[2]
    big_docs = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
    os.makedirs(out, exist_ok=True)
    texts = read_dir(os.path.join(data, "aeb", "html_text")) + read_dir(
        os.path.join(data, "snippets", "html_text")
    )
    pages = read_dir(os.path.join(data, "aeb", "html"))

    with open(os.path.join(out, "text.jsonl"), "w", encoding="utf-8") as f:
        for round_ in range(2):
            for name, text in texts:
                f.write(json.dumps({"id": f"{round_}/{name}", "text": text}, ensure_ascii=False) + "\n")

    with open(os.path.join(out, "html.jsonl"), "w", encoding="utf-8") as f:
        for round_ in range(3):
            for name, html in pages:
                f.write(json.dumps({"id": f"{round_}/{name}", "html": html}, ensure_ascii=False) + "\n")

    # The big file is written once and reused: it is the slow one to make.
    big = os.path.join(out, "big.jsonl")
    stale = not os.path.exists(big) or os.environ.get("REBUILD")
    if not stale:
        with open(big, encoding="utf-8") as f:
            stale = not f.readline().startswith('{"id":0,"lang":"und","body"')
    if stale:
        lines = [json.dumps({"body": text}, ensure_ascii=False)[1:] for _, text in texts]
        with open(big + ".tmp", "w", encoding="utf-8") as f:
            for i in range(big_docs):
                f.write('{"id":%d,"lang":"und",%s\n' % (i, lines[i % len(lines)]))
        os.replace(big + ".tmp", big)

    huge = os.path.join(out, "huge.jsonl")
    if not os.path.exists(huge):
        # ~100 MB of real text in one document.
        body = "\n".join(text for _, text in texts)
        repeat = 100_000_000 // max(len(body.encode("utf-8")), 1) + 1
        with open(huge, "w", encoding="utf-8") as f:
            f.write('{"id":"huge","text":')
            f.write(json.dumps("\n".join([body] * repeat), ensure_ascii=False))
            f.write("}\n")
            f.write(json.dumps({"id": "after", "text": texts[0][1]}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
