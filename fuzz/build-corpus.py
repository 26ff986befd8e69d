#!/usr/bin/env python3
"""Builds the seed corpus of every fuzz target from the repo's seeds/ and fixtures/.

    python3 fuzz/build-corpus.py        # writes fuzz/corpus/<target>/

Each document is given in the shape its target reads:
  text      the file as it is, plus CRLF and BOM variants
  html      HTML files as they are; text files wrapped in a page (headings,
            paragraphs, a menu, a footer) so the DOM walk has structure to chew on
  jsonl     one JSON object per document with the document in "text"
  encoding  a charset selector byte (see fuzz_targets/encoding.rs) and the
            document encoded in that charset, as HTML and as text

Existing corpus files are kept: the fuzzer's finds accumulate beside the seeds.
"""

import hashlib
import html
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"

# Must match CHARSETS in fuzz_targets/encoding.rs: (selector, python codec).
ENCODINGS = [(0, "utf-8"), (2, "cp1252"), (3, "latin-1"), (4, "shift_jis"), (6, "gb18030"), (8, "koi8-r")]


def documents():
    """Every seed and fixture input (.txt, .html; not the goldens), as (relative name, bytes)."""
    for folder in ("seeds", "fixtures"):
        base = ROOT / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.is_file() and path.suffix in (".txt", ".html"):
                yield str(path.relative_to(ROOT)), path.read_bytes()


def is_html(name, data):
    head = data[:1024].lstrip().lower()
    return name.endswith((".html", ".htm")) or head.startswith((b"<!doctype", b"<html", b"<div", b"<head", b"<body"))


def as_page(text):
    """A text document as an HTML page: first line a heading, the rest paragraphs."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return "<html><body></body></html>"
    title, rest = lines[0], lines[1:]
    parts = [
        "<!DOCTYPE html><html><head><title>%s</title></head><body>" % html.escape(title),
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/a">World</a></li></ul></nav>',
        "<article><h1>%s</h1>" % html.escape(title),
    ]
    parts += ["<p>%s</p>" % html.escape(line) for line in rest]
    parts.append('</article><footer><p>&copy; 2026 <a href="/terms">Terms</a></p></footer></body></html>')
    return "\n".join(parts)


def write(target, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main():
    count = 0
    for name, data in documents():
        text = data.decode("utf-8", errors="replace")
        write("text", data)
        write("text", text.replace("\n", "\r\n").encode())
        write("text", b"\xef\xbb\xbf" + data)
        page = data.decode("utf-8", errors="replace") if is_html(name, data) else as_page(text)
        write("html", page.encode())
        write("jsonl", json.dumps({"id": name, "text": text}, ensure_ascii=False).encode())
        write("jsonl", json.dumps({"id": name, "text": page}).encode())
        for selector, codec in ENCODINGS:
            write("encoding", bytes([selector]) + page.encode(codec, errors="replace"))
            write("encoding", bytes([0]) + text.encode(codec, errors="replace"))
        count += 1
    # A few shapes the documents above lack.
    for extra in (b"", b"\n", b"\r\n\r\n", b"\x00", b"\xff\xfe\x00\x00", b"<", b"<!--", b"- a\n- b\n1. c\n"):
        write("text", extra)
        write("html", extra)
    write("jsonl", b'{"text": ""}')
    write("jsonl", b'{"text": "<p>x</p>", "other": [1, {"a": null}]}')
    print("corpus built from %d documents in %s" % (count, CORPUS))
    for target in sorted(p.name for p in CORPUS.iterdir()):
        print("  %-9s %d files" % (target, len(list((CORPUS / target).iterdir()))))


if __name__ == "__main__":
    main()
