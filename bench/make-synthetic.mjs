// Writes the benchmark's data folder: the real data (basemap, reports, stories, layers)
// plus `layers/synthetic.geojson`, 10,000 points and 500 lines of 200 vertices
// spread over the corridor (lon 25..80, lat 35..50). A fixed-seed PRNG makes
// every run draw exactly the same map.
//
// Usage: node bench/make-synthetic.mjs [OUT_DIR] [--points N] [--lines N]
//   (default var/bench-data, 10,000 points, 500 lines; the slow first visit's
//   big layer is `var/bench-data-100k --points 100000 --lines 0`)

import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng } from './common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const out = resolve(root, positional[0] ?? 'var/bench-data');

/** The figures: what the benchmark layer holds. */
export const POINTS = option('--points', 10_000);
export const LINES = option('--lines', 500);
export const VERTICES = 200;

const REGION = { west: 25, east: 80, south: 35, north: 50 };
const POINT_KINDS = ['city', 'port', 'solar', 'wind', 'hydro', 'terminal', 'hub', 'border_crossing'];
const STATUSES = ['operating', 'under_construction', 'planned', 'proposed', 'cancelled'];
const SOURCE = {
  title: 'Corridor Atlas benchmark: synthetic feature, not a real place',
  // example.org is reserved for examples (RFC 2606): the URL is valid and points nowhere real.
  url: 'https://example.org/corridor-atlas/bench',
};

const random = prng(20261128);
const between = (lo, hi) => lo + random() * (hi - lo);
const pick = (list) => list[Math.floor(random() * list.length)];
const round6 = (x) => Math.round(x * 1e6) / 1e6;
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));
const pad = (n, width) => String(n).padStart(width, '0');

function feature(id, name, kind, geometry) {
  return {
    type: 'Feature',
    id,
    geometry,
    properties: {
      id,
      name,
      kind,
      status: pick(STATUSES),
      precision: 'approximate',
      sources: [SOURCE],
    },
  };
}

function points() {
  const features = [];
  for (let i = 1; i <= POINTS; i++) {
    const kind = POINT_KINDS[i % POINT_KINDS.length];
    const at = [round6(between(REGION.west, REGION.east)), round6(between(REGION.south, REGION.north))];
    features.push(
      feature(`bench-site-${pad(i, 5)}`, `Bench ${kind.replace('_', ' ')} ${i}`, kind, {
        type: 'Point',
        coordinates: at,
      }),
    );
  }
  return features;
}

/** A random walk of VERTICES steps that wanders but keeps a heading, like a railway. */
function walk() {
  let lon = between(REGION.west + 2, REGION.east - 2);
  let lat = between(REGION.south + 1, REGION.north - 1);
  let heading = between(0, 2 * Math.PI);
  const coordinates = [];
  for (let v = 0; v < VERTICES; v++) {
    coordinates.push([round6(lon), round6(lat)]);
    heading += between(-0.35, 0.35);
    const step = between(0.02, 0.06);
    lon = clamp(lon + step * Math.cos(heading), REGION.west, REGION.east);
    lat = clamp(lat + step * Math.sin(heading), REGION.south, REGION.north);
  }
  return coordinates;
}

function lines() {
  const features = [];
  for (let i = 1; i <= LINES; i++) {
    features.push(
      feature(`bench-rail-${pad(i, 3)}`, `Bench railway ${i}`, 'rail', {
        type: 'LineString',
        coordinates: walk(),
      }),
    );
  }
  return features;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'layers'), { recursive: true });
for (const part of ['basemap', 'reports', 'stories', 'layers']) {
  cpSync(join(root, 'data', part), join(out, part), { recursive: true });
}
const collection = {
  type: 'FeatureCollection',
  title: 'Benchmark: synthetic',
  description: `${POINTS} synthetic sites and ${LINES} synthetic railways of ${VERTICES} vertices, for make bench.`,
  features: [...points(), ...lines()],
};
writeFileSync(join(out, 'layers', 'synthetic.geojson'), `${JSON.stringify(collection)}\n`);
console.log(
  `bench data: ${out} (${POINTS} points, ${LINES} lines x ${VERTICES} vertices, plus data/layers)`,
);
