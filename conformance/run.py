"""Conformance, proven by real clients.

Starts the debug-built `atlas serve` on a free loopback port over a fresh
temporary database seeded from data/, then drives it with GDAL's OAPIF driver
(ogrinfo), OWSLib's OGC API - Features client, Schemathesis (against /api) and
a few urllib checks of CORS and HEAD. Prints `conformance: N passed, M failed`
and exits non-zero on any failure. The server is stopped in every case.

Run with the venv's python (conformance/run.sh does): it builds nothing.
"""

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ATLAS = os.path.join(ROOT, "target", "debug", "atlas")
VENV_BIN = os.path.dirname(os.path.abspath(sys.executable))
# Bounded: examples per operation and phase. 25 keeps the run near half a minute.
SCHEMATHESIS_MAX_EXAMPLES = os.environ.get("CONFORMANCE_MAX_EXAMPLES", "25")
SCHEMATHESIS_CHECKS = ",".join([
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_headers_conformance",
    "response_schema_conformance",
])
BAKU_BBOX = [49.5, 40.2, 50.2, 40.6]

passed = 0
failed = 0


def check(name, ok, detail=""):
    """Counts one assertion and says how it went."""
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {name}")
    else:
        failed += 1
        print(f"  FAIL  {name}" + (f": {detail}" if detail else ""))
    return ok


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def expected_layers():
    """What data/layers holds: id -> (feature count, geometry types)."""
    layers = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "data", "layers", "*.geojson"))):
        with open(path, encoding="utf-8") as f:
            features = json.load(f)["features"]
        layers[os.path.splitext(os.path.basename(path))[0]] = (
            len(features),
            Counter(feature["geometry"]["type"] for feature in features),
        )
    return layers


# GeoJSON type -> how ogrinfo names a layer's type and a feature's WKT.
OGR_NAMES = {
    "Point": ("Point", "POINT"),
    "MultiPoint": ("Multi Point", "MULTIPOINT"),
    "LineString": ("Line String", "LINESTRING"),
    "MultiLineString": ("Multi Line String", "MULTILINESTRING"),
    "Polygon": ("Polygon", "POLYGON"),
    "MultiPolygon": ("Multi Polygon", "MULTIPOLYGON"),
    "GeometryCollection": ("Geometry Collection", "GEOMETRYCOLLECTION"),
}


def expected_ogr_layer_types(types):
    """The layer geometry types GDAL may fairly report for these feature types.

    One type throughout: that type. Mixed (LineString with MultiLineString,
    Point with Polygon): OAPIF has no per-collection geometry type in Part 1,
    so GDAL infers it from the features it sees, and says "Unknown (any)" for a
    mix; a newer GDAL may promote single/multi of one family to the Multi type.
    """
    if len(types) == 1:
        return {OGR_NAMES[next(iter(types))][0]}
    allowed = {"Unknown (any)"}
    families = {t.removeprefix("Multi") for t in types}
    if len(families) == 1:
        allowed.add(OGR_NAMES["Multi" + families.pop()][0])
    return allowed


def ogr(*args):
    result = subprocess.run(
        ["ogrinfo", "-ro", *args], capture_output=True, text=True, timeout=120,
        env={**os.environ, "GDAL_HTTP_TIMEOUT": "30"},
    )
    return result.returncode, result.stdout + result.stderr


def test_gdal(base, collection_ids, expected):
    print("GDAL ogrinfo (OAPIF driver)")
    url = f"OAPIF:{base}"
    code, out = ogr("-so", url)
    listed = re.findall(r"^\d+: (\S+)", out, re.M)
    check("ogrinfo opens the service", code == 0, out[-500:])
    check("ogrinfo lists every collection of /collections",
          sorted(listed) == sorted(collection_ids), f"{listed} vs {collection_ids}")
    for cid in collection_ids:
        count, types = expected[cid]
        code, summary = ogr("-al", "-so", url, cid)
        reported_count = re.search(r"^Feature Count: (\d+)", summary, re.M)
        reported_type = re.search(r"^Geometry: (.+)$", summary, re.M)
        check(f"{cid}: summary feature count is {count}",
              code == 0 and reported_count and int(reported_count.group(1)) == count,
              summary[-400:])
        allowed = expected_ogr_layer_types(types)
        check(f"{cid}: layer geometry type in {sorted(allowed)}",
              reported_type and reported_type.group(1).strip() in allowed,
              reported_type.group(1) if reported_type else summary[-400:])
        # Read every feature, page by page, and count the geometries GDAL parsed.
        code, dump = ogr("-al", "-q", url, cid)
        read = len(re.findall(r"^OGRFeature\(", dump, re.M))
        wkt = Counter(re.findall(r"^  ([A-Z]+) ", dump, re.M))
        want = Counter({OGR_NAMES[t][1]: n for t, n in types.items()})
        check(f"{cid}: GDAL reads all {count} features", code == 0 and read == count,
              f"read {read}")
        check(f"{cid}: GDAL reads geometries {dict(want)}", wkt == want, dict(wkt))


def test_owslib(base, collection_ids, expected):
    print("OWSLib (owslib.ogcapi.features.Features)")
    from owslib.ogcapi.features import Features

    api = Features(base)
    classes = api.conformance().get("conformsTo", [])
    for suffix in ("core", "geojson", "oas30", "html"):
        check(f"conformance() declares {suffix}",
              f"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{suffix}" in classes)
    listed = [c["id"] for c in api.collections()["collections"]]
    check("collections() lists every collection", listed == collection_ids, listed)
    for cid in collection_ids:
        count, types = expected[cid]
        check(f"{cid}: collection() describes it", api.collection(cid).get("id") == cid)
        # A small page size makes OWSLib's caller follow `next` the way a client must.
        features, offset = [], 0
        while True:
            page = api.collection_items(cid, limit=5, offset=offset)
            features += page["features"]
            if not any(link["rel"] == "next" for link in page.get("links", [])):
                break
            offset += 5
        got = Counter(f["geometry"]["type"] for f in features)
        check(f"{cid}: collection_items() pages through {count} features",
              len(features) == count and page["numberMatched"] == count, len(features))
        check(f"{cid}: geometry types {dict(types)}", got == types, dict(got))
    near_baku = api.collection_items("places", bbox=BAKU_BBOX, limit=10)
    ids = [f["id"] for f in near_baku["features"]]
    check("collection_items(places, bbox around Baku) returns Baku", "baku" in ids, ids)
    check("... and nothing far from it", all(
        BAKU_BBOX[0] <= f["geometry"]["coordinates"][0] <= BAKU_BBOX[2]
        for f in near_baku["features"]), ids)
    item = api.collection_item("places", "baku")
    check("collection_item(places, baku) is Baku", item.get("id") == "baku")


def test_schemathesis(base, log_dir):
    print(f"Schemathesis against {base}/api ({SCHEMATHESIS_MAX_EXAMPLES} examples per operation)")
    command = [
        os.path.join(VENV_BIN, "schemathesis"), "run", f"{base}/api",
        "--checks", SCHEMATHESIS_CHECKS,
        "--max-examples", SCHEMATHESIS_MAX_EXAMPLES,
        "--seed", os.environ.get("CONFORMANCE_SEED", "20240601"),
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, cwd=log_dir, timeout=900)
    output = result.stdout + result.stderr
    summary = re.search(r"^Test cases:\n(.+)$", output, re.M)
    if result.returncode != 0:
        print(output[-6000:])
    check("schemathesis: no 5xx, every answer matches /api "
          f"({summary.group(1).strip() if summary else 'no summary'})",
          result.returncode == 0, f"exit {result.returncode}")


def test_cors_and_head(base):
    print("CORS and HEAD (urllib)")
    origin = {"Origin": "https://elsewhere.example"}
    for path in ("/collections", "/collections/places/items?limit=1", "/api", "/conformance"):
        status, headers, _ = get(base + path, headers=origin)
        check(f"GET {path} from any origin: Access-Control-Allow-Origin: *",
              status == 200 and header(headers, "Access-Control-Allow-Origin") == "*",
              f"{status} {header(headers, 'Access-Control-Allow-Origin')}")
        status, head_headers, body = get(base + path, method="HEAD")
        check(f"HEAD {path}: 200, no body, same type",
              status == 200 and body == b""
              and header(head_headers, "Content-Type") == header(headers, "Content-Type"),
              f"{status} {len(body)} bytes")
    status, headers, _ = get(base + "/collections", method="OPTIONS", headers={
        **origin, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
    })
    allowed = (header(headers, "Access-Control-Allow-Methods") or "").upper()
    check("preflight allows GET with If-None-Match from any origin",
          status == 200 and "GET" in allowed
          and header(headers, "Access-Control-Allow-Origin") == "*", f"{status} {headers}")
    status, headers, _ = get(base + "/collections/places/items/baku", headers=origin)
    exposed = (header(headers, "Access-Control-Expose-Headers") or "").lower()
    check("Content-Crs is CRS84 and exposed to scripts",
          header(headers, "Content-Crs") == "<http://www.opengis.net/def/crs/OGC/1.3/CRS84>"
          and "content-crs" in exposed, f"{header(headers, 'Content-Crs')} {exposed}")
    status, headers, body = get(base + "/collections/places/items?f=html&limit=3")
    check("f=html answers an HTML page",
          status == 200 and header(headers, "Content-Type").startswith("text/html")
          and body.startswith(b"<!doctype html>"), f"{status}")


def wait_for(base, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            return False
        try:
            if get(base + "/conformance")[0] == 200:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def main():
    if not os.access(ATLAS, os.X_OK):
        print(f"conformance: {ATLAS} is missing; run `cargo build -p atlas-server` first")
        return 2
    if shutil.which("ogrinfo") is None:
        print("conformance: ogrinfo is missing; run scripts/install-conformance-tools.sh")
        return 2
    work = tempfile.mkdtemp(prefix="atlas-conformance-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = os.path.join(work, "server.log")
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [ATLAS, "serve", "--addr", f"127.0.0.1:{port}",
             "--db", os.path.join(work, "atlas.sqlite"),
             "--data", os.path.join(ROOT, "data"),
             # The app's dist may be absent: the API does not need it.
             "--dist", os.path.join(ROOT, "dist")],
            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
        )
    try:
        print(f"conformance: atlas serve on {base} (database in {work})")
        if not check("the server starts and answers /conformance", wait_for(base, server)):
            with open(log_path) as f:
                print(f.read()[-3000:])
        else:
            expected = expected_layers()
            collection_ids = [
                c["id"] for c in json.loads(get(base + "/collections")[2])["collections"]
            ]
            check("/collections holds every layer file of data/layers",
                  sorted(collection_ids) == sorted(expected), collection_ids)
            collection_ids = [c for c in collection_ids if c in expected]
            for name, test in (
                ("gdal", lambda: test_gdal(base, collection_ids, expected)),
                ("owslib", lambda: test_owslib(base, collection_ids, expected)),
                ("schemathesis", lambda: test_schemathesis(base, work)),
                ("cors-head", lambda: test_cors_and_head(base)),
            ):
                try:
                    test()
                except Exception as error:  # a client crashing is a failure, not the end
                    check(f"{name} ran to the end", False, repr(error))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"conformance: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
