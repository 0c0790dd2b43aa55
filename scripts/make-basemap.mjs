// Builds the offline basemap for Corridor Atlas from Natural Earth 1:50m
// (via the world-atlas npm package): the whole world, never clipped to a box,
// so the map looks like the world at every zoom and aspect ratio (the map
// itself clips to the view). Natural Earth already splits its shapes at the
// antimeridian, so no ring crosses it.
//
//   npm run basemap      (= node scripts/make-basemap.mjs)
//
// Writes data/basemap/countries.geojson (1:50m, for readers zoomed in),
// data/basemap/countries-110m.geojson (Natural Earth 1:110m, the light world
// the map opens on and shows at small scales) and data/basemap/seas.geojson.
// Output is deterministic: same inputs -> byte-identical files.
// Uses only node built-ins, topojson-client and world-atlas.

import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const { feature } = require("topojson-client");

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT_DIR = join(ROOT, "data", "basemap");

const DECIMALS = 4;
// 1:110m is about 10 km per vertex and is shown only at small scales, where a
// pixel spans kilometres: two decimals (about 1 km) lose nothing a reader can see.
const DECIMALS_110M = 2;
// Douglas–Peucker tolerances in degrees, applied to the shared topology arcs
// (so neighbouring borders stay identical): full 1:50m detail (0.01°, about
// 1 km) for arcs that touch the corridor's part of the world, where readers
// zoom in; coarser (0.05°, about 5 km, finer than a pixel below zoom 6)
// elsewhere, which readers see from afar.
const DETAIL_BOX = [-25, 15, 130, 70]; // lon/lat: Europe and Africa's north to China
const DETAIL_TOLERANCE = 0.01;
const FAR_TOLERANCE = 0.05;

const WORLD_ATLAS_VERSION = require("world-atlas/package.json").version;
const ATTRIBUTION =
  "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.";
const SOURCE =
  `world-atlas ${WORLD_ATLAS_VERSION} (Natural Earth 1:50m, v4.1.0), the whole world, ` +
  `simplified by scripts/make-basemap.mjs`;
const SOURCE_110M =
  `world-atlas ${WORLD_ATLAS_VERSION} (Natural Earth 1:110m, v4.1.0), the whole world, ` +
  `rounded by scripts/make-basemap.mjs`;

// Hand-placed label points near the visual centre of each water body (lon, lat).
// Aral Sea: skipped - it is largely dry, and Natural Earth 1:50m admin-0 does
// not cut it out of Kazakhstan/Uzbekistan, so a label would sit on land.
const SEAS = [
  ["Caspian Sea", 50.8, 41.8],
  ["Black Sea", 34.0, 43.3],
  ["Mediterranean Sea", 18.5, 34.5],
  ["Persian Gulf", 51.3, 27.0],
  ["Baltic Sea", 19.8, 56.8],
  ["Arabian Sea", 64.0, 16.0],
  ["Red Sea", 38.5, 20.5],
  ["Atlantic Ocean", -35.0, 38.0],
  ["Indian Ocean", 75.0, -10.0],
  ["Arctic Ocean", 60.0, 79.0],
  ["Pacific Ocean", 160.0, 30.0],
];

// ---------------------------------------------------------------- topology

const readTopology = (name) =>
  JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));

// Decode quantized, delta-encoded arcs into absolute coordinates so the arcs
// can be simplified (shared arcs => consistent borders), then drop transform.
function dequantize(topology) {
  const t = topology.transform;
  if (!t) return topology;
  const [kx, ky] = t.scale, [dx, dy] = t.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([qx, qy]) => {
      x += qx; y += qy;
      return [x * kx + dx, y * ky + dy];
    });
  });
  return { ...topology, transform: undefined, arcs };
}

function douglasPeucker(points, tol) {
  if (points.length <= 2 || tol <= 0) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = points[a], [bx, by] = points[b];
    const vx = bx - ax, vy = by - ay, len2 = vx * vx + vy * vy;
    let maxD = -1, idx = -1;
    for (let i = a + 1; i < b; i++) {
      const [px, py] = points[i];
      let d;
      if (len2 === 0) d = Math.hypot(px - ax, py - ay);
      else {
        let u = ((px - ax) * vx + (py - ay) * vy) / len2;
        u = Math.max(0, Math.min(1, u));
        d = Math.hypot(px - (ax + u * vx), py - (ay + u * vy));
      }
      if (d > maxD) { maxD = d; idx = i; }
    }
    if (maxD > tol) {
      keep[idx] = 1;
      stack.push([a, idx], [idx, b]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

// 1:50m, simplified per part of the world; 1:110m as Natural Earth draws it.
function topology50m() {
  const plain = dequantize(readTopology("countries-50m.json"));
  const [dw, ds, de, dn] = DETAIL_BOX;
  plain.arcs = plain.arcs.map((arc) => {
    const near = arc.some(([x, y]) => x >= dw && x <= de && y >= ds && y <= dn);
    return douglasPeucker(arc, near ? DETAIL_TOLERANCE : FAR_TOLERANCE);
  });
  return plain;
}

// ---------------------------------------------------------------- rings

// Set per output by countriesOf.
let factor = 10 ** DECIMALS;
const round = (v) => {
  const r = Math.round(v * factor) / factor;
  return r === 0 ? 0 : r; // no -0
};

// Round, drop consecutive duplicates, close; null if degenerate.
function finishRing(openPts) {
  const out = [];
  for (const p of openPts) {
    const q = [round(p[0]), round(p[1])];
    const last = out[out.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
  }
  while (out.length > 1) {
    const a = out[0], b = out[out.length - 1];
    if (a[0] === b[0] && a[1] === b[1]) out.pop();
    else break;
  }
  if (out.length < 3) return null;
  if (ringArea([...out, out[0]]) === 0) return null; // collapsed onto an edge
  out.push([out[0][0], out[0][1]]);
  return out;
}

function ringArea(ring) {
  let a = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  }
  return a / 2;
}

// A ring that crosses the antimeridian (Chukotka, Fiji) would be drawn as a
// streak across the whole map: such a ring is unwrapped (longitudes made
// continuous past ±180) and cut at 180°, and the far part moved back by 360°.
function crossesAntimeridian(ring) {
  return ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
}
function unwrap(ring) {
  const out = [ring[0].slice()];
  for (let i = 1; i < ring.length; i++) {
    const prev = out[i - 1][0];
    let x = ring[i][0];
    while (x - prev > 180) x -= 360;
    while (prev - x > 180) x += 360;
    out.push([x, ring[i][1]]);
  }
  return out;
}
// Sutherland–Hodgman against one vertical line: the part of an open ring on one side.
function clipAtX(pts, x, keepWest) {
  const inside = (p) => (keepWest ? p[0] <= x : p[0] >= x);
  const out = [];
  for (let i = 0; i < pts.length; i++) {
    const cur = pts[i], prev = pts[(i + pts.length - 1) % pts.length];
    const cut = () => {
      const t = (x - prev[0]) / (cur[0] - prev[0]);
      return [x, prev[1] + t * (cur[1] - prev[1])];
    };
    if (inside(cur)) {
      if (!inside(prev)) out.push(cut());
      out.push(cur);
    } else if (inside(prev)) {
      out.push(cut());
    }
  }
  return out;
}
function splitAtAntimeridian(ring) {
  const open = unwrap(ring).slice(0, -1);
  const mean = open.reduce((a, p) => a + p[0], 0) / open.length;
  // Cut at the antimeridian the unwrapped ring straddles: +180 or -180.
  const line = mean > 0 ? 180 : -180;
  const west = clipAtX(open, line, true);
  const east = clipAtX(open, line, false);
  const shift = line === 180 ? [0, -360] : [360, 0];
  return [
    west.map(([x, y]) => [x + shift[0], y]),
    east.map(([x, y]) => [x + shift[1], y]),
  ].filter((r) => r.length >= 3);
}

function finishPolygon(rings) {
  const out = [];
  for (let i = 0; i < rings.length; i++) {
    const r = finishRing(rings[i].slice(0, -1));
    if (!r) {
      if (i === 0) return null; // outer ring gone => polygon gone
      continue;
    }
    out.push(r);
  }
  return out;
}

const slug = (s) =>
  s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");

// ---------------------------------------------------------------- countries

// `leave` names countries left out.
function countriesOf(plain, decimals, leave = []) {
factor = 10 ** decimals;
const fc = feature(plain, plain.objects.countries);
const countries = [];
for (const f of fc.features) {
  if (!f.geometry || leave.includes(f.properties.name)) continue;
  const polys = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates)
    .flatMap((poly) =>
      crossesAntimeridian(poly[0])
        ? splitAtAntimeridian(poly[0]).map((r) => [[...r, r[0]]])
        : [poly],
    );
  const finished = polys.map(finishPolygon).filter((p) => p && p.length);
  if (finished.length === 0) continue;
  const name = f.properties.name;
  countries.push({
    type: "Feature",
    id: slug(name),
    properties: { name, id: f.id === undefined ? null : String(f.id) },
    geometry: finished.length === 1
      ? { type: "Polygon", coordinates: finished[0] }
      : { type: "MultiPolygon", coordinates: finished },
  });
}
countries.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const slugs = new Set(countries.map((c) => c.id));
if (slugs.size !== countries.length) throw new Error("duplicate country slugs");
checkGeometry(countries);
return countries;
}

// ---------------------------------------------------------------- checks

function pointInRing([x, y], ring) {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i], [xj, yj] = ring[j];
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function countriesAt(pt) {
  const hits = [];
  for (const c of countries) {
    const polys = c.geometry.type === "Polygon" ? [c.geometry.coordinates] : c.geometry.coordinates;
    for (const poly of polys) {
      if (pointInRing(pt, poly[0]) && !poly.slice(1).some((h) => pointInRing(pt, h))) {
        hits.push(c.properties.name);
        break;
      }
    }
  }
  return hits;
}

function checkGeometry(countries) {
let problems = 0;
for (const c of countries) {
  const polys = c.geometry.type === "Polygon" ? [c.geometry.coordinates] : c.geometry.coordinates;
  for (const poly of polys) for (const ring of poly) {
    const a = ring[0], b = ring[ring.length - 1];
    if (ring.length < 4 || a[0] !== b[0] || a[1] !== b[1]) { problems++; console.error(`bad ring in ${c.id}`); }
    if (crossesAntimeridian(ring)) { problems++; console.error(`ring across the antimeridian in ${c.id}`); }
    for (const [x, y] of ring) {
      if (!(x >= -180 && x <= 180 && y >= -90 && y <= 90)) { problems++; console.error(`out of range in ${c.id}: ${x},${y}`); }
    }
  }
}
if (problems) throw new Error(`${problems} geometry problems`);
}

const countries = countriesOf(topology50m(), DECIMALS);
// The light world leaves Antarctica out: its 1:110m outline runs along the
// antimeridian itself, and at the small scales this file is drawn at the map
// shows the corridor's half of the northern hemisphere.
const world110m = countriesOf(dequantize(readTopology("countries-110m.json")), DECIMALS_110M, [
  "Antarctica",
]);

const caspianPt = [50.5, 41.5];
const caspianHits = countriesAt(caspianPt);
console.log(
  `Caspian check: lon ${caspianPt[0]} lat ${caspianPt[1]} is inside ` +
    (caspianHits.length ? `${caspianHits.join(", ")} -> FAIL` : "no country polygon -> OK (water)"),
);
if (caspianHits.length) throw new Error("Caspian Sea is covered by a country polygon");

const seas = SEAS.map(([name, lon, lat]) => {
  const hits = countriesAt([lon, lat]);
  if (hits.length) throw new Error(`${name} label at ${lon},${lat} lies on land (${hits.join(", ")})`);
  return {
    type: "Feature",
    id: slug(name),
    properties: { name, kind: "sea" },
    geometry: { type: "Point", coordinates: [lon, lat] },
  };
});
console.log(`Sea labels: ${seas.length}, all on water`);

// ---------------------------------------------------------------- output

// JSON with sorted keys and 2-space indent; a position prints as [x, y] and a
// ring (array of positions) prints on one line.
const isPosition = (v) => Array.isArray(v) && v.length >= 2 && v.every((n) => typeof n === "number");
function fmtPos(p) { return `[${p.join(", ")}]`; }
function stringify(v, indent = "") {
  if (isPosition(v)) return fmtPos(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (v.every(isPosition)) return `[${v.map(fmtPos).join(", ")}]`;
    const inner = indent + "  ";
    return `[\n${v.map((x) => inner + stringify(x, inner)).join(",\n")}\n${indent}]`;
  }
  if (v && typeof v === "object") {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    if (keys.length === 0) return "{}";
    const inner = indent + "  ";
    return `{\n${keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringify(v[k], inner)}`).join(",\n")}\n${indent}}`;
  }
  return JSON.stringify(v);
}

function collection(features, source = SOURCE) {
  return { type: "FeatureCollection", attribution: ATTRIBUTION, source, features };
}

mkdirSync(OUT_DIR, { recursive: true });
for (const [file, features, source] of [
  ["countries.geojson", countries, SOURCE],
  ["countries-110m.geojson", world110m, SOURCE_110M],
  ["seas.geojson", seas, SOURCE],
]) {
  const text = stringify(collection(features, source)) + "\n";
  writeFileSync(join(OUT_DIR, file), text);
  console.log(`wrote data/basemap/${file}: ${features.length} features, ${Buffer.byteLength(text)} bytes`);
}
