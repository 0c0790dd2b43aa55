#!/usr/bin/env python3
"""Give every passage link in data/layers/*.geojson a quote selector.

A link `{report, passage}` gains `quote: {exact, prefix, suffix}` (the shape of
W3C Web Annotation's TextQuoteSelector), so `atlas check` and the server can
still find the passage after the report is edited and its ids change.

`exact` is the sentence of the passage that names the feature (by its name, an
alias, or its route's name, compared as the server's gazetteer compares them:
case, dashes and accents folded, whole words); when no sentence names it, the
passage's first words. `prefix` and `suffix` are up to 24 characters around it.

Links that already have a quote are left alone; `--refresh` redoes them all.
The files keep their formatting: sorted keys, 2-space indent, UTF-8, one
position per line. Run `atlas check` afterwards: every quote must resolve.

Usage: scripts/add-quotes.py [--refresh] [DATA_DIR]
"""

import glob
import json
import os
import re
import sys
import unicodedata

CONTEXT = 24
FALLBACK_WORDS = 12


def key(text):
    """The search key of `text`: lowercase, accents and dashes folded, words joined by one space."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("ı", "i").replace("ə", "e")
    return " ".join(w for w in re.split(r"[^\w]|_", text) if w)


def names_in(sentence, names):
    """Whether any of `names` occurs in `sentence` as whole words."""
    haystack = f" {key(sentence)} "
    return any(f" {key(n)} " in haystack for n in names if len(key(n)) >= 3)


def sentences(text):
    """The passage's sentences, verbatim, with their start offsets."""
    out, start = [], 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z“\"‘'])", text):
        out.append((start, text[start : m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return out


def read_reports(data_dir):
    """{report id: {passage id: text}} from the reports' `... {#id}` lines."""
    reports = {}
    for path in sorted(glob.glob(os.path.join(data_dir, "reports", "*.md"))):
        if os.path.basename(path).lower() == "readme.md":
            continue
        with open(path, encoding="utf-8") as f:
            source = f.read()
        report_id = re.search(r"^id:\s*(\S+)", source, re.M).group(1)
        passages = {}
        for line in source.splitlines():
            line = line.strip()
            m = re.match(r"^(?:- )?(.*\S)\s+\{#([a-z0-9-]+)\}$", line)
            if m:
                passages[m.group(2)] = m.group(1)
        reports[report_id] = passages
    return reports


def quote_for(text, names):
    """The quote selector for a passage `text` about a feature called `names`."""
    chosen = next(((s, t) for s, t in sentences(text) if names_in(t, names)), None)
    if chosen is None:
        words = text.split(" ")
        chosen = (0, " ".join(words[:FALLBACK_WORDS]))
    start, exact = chosen
    end = start + len(exact)
    quote = {
        "exact": exact,
        "prefix": text[max(0, start - CONTEXT) : start],
        "suffix": text[end : end + CONTEXT],
    }
    # An empty prefix or suffix is left out, as the server writes it.
    return {k: v for k, v in quote.items() if v}


def dump(collection):
    text = json.dumps(collection, indent=2, sort_keys=True, ensure_ascii=False)
    # One position per line, as the curated files write them.
    text = re.sub(r"\[\s+(-?[\d.eE+-]+),\s+(-?[\d.eE+-]+)\s+\]", r"[\1, \2]", text)
    return text + "\n"


def main(argv):
    refresh = "--refresh" in argv
    args = [a for a in argv if a != "--refresh"]
    data_dir = args[0] if args else "data"
    reports = read_reports(data_dir)
    added = 0
    for path in sorted(glob.glob(os.path.join(data_dir, "layers", "*.geojson"))):
        with open(path, encoding="utf-8") as f:
            collection = json.load(f)
        for feature in collection["features"]:
            props = feature["properties"]
            names = [props["name"], *props.get("aliases", [])]
            if props.get("route"):
                names.append(props["route"].replace("-", " "))
            for link in props.get("passages", []):
                if "quote" in link and not refresh:
                    continue
                text = reports.get(link["report"], {}).get(link["passage"])
                if text is None:
                    print(f"{path}: {props['id']}: no passage {link['report']}#{link['passage']}", file=sys.stderr)
                    continue
                link["quote"] = quote_for(text, names)
                added += 1
        with open(path, "w", encoding="utf-8") as f:
            f.write(dump(collection))
    print(f"add-quotes: {added} quote selectors written")


if __name__ == "__main__":
    main(sys.argv[1:])
