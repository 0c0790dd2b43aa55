// Splits a wasm module's code by the crate each function comes from, so the
// app's size can be read part by part (issue 17 asks for per-part figures).
//
//   node scripts/wasm-parts.mjs target/nightly-wasm/wasm32-unknown-unknown/wasm-release/atlas-app.wasm
//   node scripts/wasm-parts.mjs FILE.wasm --top 40        # also the 40 largest functions
//   node scripts/wasm-parts.mjs FILE.wasm --grep story    # functions whose name matches
//
// Needs the module's `name` section: read the file cargo writes (before
// wasm-bindgen and wasm-opt, which strip names), not the one in `dist/`.
// Each function's body is compressed alone with brotli, which overstates
// its share of the whole file's compressed size a little but keeps the
// parts comparable with each other.

import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith("--") && !/^\d+$/.test(a));
if (!file) {
  console.error("usage: node scripts/wasm-parts.mjs FILE.wasm [--top N] [--grep TEXT]");
  process.exit(2);
}
const flag = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const top = Number(flag("--top") ?? 0);
const grep = flag("--grep");

const bytes = readFileSync(file);
let at = 8;
const u32 = () => {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    result += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return result;
  }
};
const text = (length) => {
  const s = bytes.subarray(at, at + length).toString("utf8");
  at += length;
  return s;
};

let imports = 0;
const bodies = [];
const names = new Map();
let dataBytes = 0;
while (at < bytes.length) {
  const id = bytes[at++];
  const size = u32();
  const end = at + size;
  if (id === 2) {
    for (let n = u32(); n > 0; n--) {
      text(u32());
      text(u32());
      const kind = bytes[at++];
      if (kind === 0) { u32(); imports++; }
      else if (kind === 1) { at++; const f = bytes[at++]; u32(); if (f & 1) u32(); }
      else if (kind === 2) { const f = bytes[at++]; u32(); if (f & 1) u32(); }
      else if (kind === 3) { at += 2; }
      else { u32(); }
    }
  } else if (id === 10) {
    for (let n = u32(); n > 0; n--) {
      const length = u32();
      bodies.push(bytes.subarray(at, at + length));
      at += length;
    }
  } else if (id === 11) {
    dataBytes = size;
  } else if (id === 0) {
    const name = text(u32());
    if (name === "name") {
      while (at < end) {
        const sub = bytes[at++];
        const subSize = u32();
        const subEnd = at + subSize;
        if (sub === 1) {
          for (let n = u32(); n > 0; n--) {
            const index = u32();
            names.set(index, text(u32()));
          }
        }
        at = subEnd;
      }
    }
  }
  at = end;
}
if (names.size === 0) {
  console.error(`${file} has no name section: read the wasm cargo wrote, before wasm-bindgen`);
  process.exit(1);
}

// Where a function belongs. Names are Rust's v0 mangling (`_RNvNtCs…_9atlas_app5story6player…`):
// each crate appears as `C`, an optional `s<hash>_` and `<length><name>`, and the
// modules and items after it as `<length><name>`. A function that names one of
// the project's crates (`atlas_*`) counts as that crate's, with its first module
// (`atlas_app::story`): a serde impl monomorphised for a model type, or a
// Leptos closure inside one of the app's components, is there because of it.
// Other functions count as the first crate they name.
function partOf(name) {
  // Interpreted and removed by wasm-bindgen: not in the shipped file.
  if (name.startsWith("__wbindgen_describe")) return DESCRIPTORS;
  const crates = [];
  const re = /C(?:s[0-9A-Za-z]*_)?(\d+)([A-Za-z_][A-Za-z0-9_]*)/g;
  let m;
  while ((m = re.exec(name))) {
    const length = Number(m[1]);
    const crate = m[2].slice(0, length);
    // The identifiers after the crate: `<length><name>` one after another, with
    // v0's namespace and path tags (`Nt`, `Nv`, …) skipped.
    const rest = name.slice(m.index + m[0].length - (m[2].length - length));
    const idents = [];
    const id = /^(?:[A-Z][a-z]?|s[0-9A-Za-z]*_)*(\d+)([A-Za-z_][A-Za-z0-9_]*)/;
    let tail = rest;
    for (let i = 0; i < 1; i++) {
      const n = tail.match(id);
      if (!n) break;
      idents.push(n[2].slice(0, Number(n[1])));
      tail = tail.slice(n[0].length - (n[2].length - Number(n[1])));
    }
    crates.push({ crate, module: idents[0] });
  }
  const ours = crates.find((c) => c.crate.startsWith("atlas_"));
  if (ours) return ours.module && !ours.module.startsWith("___") ? `${ours.crate}::${ours.module}` : ours.crate;
  if (crates.length > 0) return crates[0].crate;
  if (/^(memcpy|memset|memmove|memcmp|__)/.test(name)) return "compiler_builtins";
  return "(other)";
}

const DESCRIPTORS = "(wasm-bindgen descriptors)";

// Parts gathered into what they are for, so the floor under the app's own code shows.
const GROUPS = [
  ["the atlas's own code (atlas_*)", (p) => p.startsWith("atlas_")],
  ["Leptos (tachys, reactive_graph, leptos*, any_spawner, …)", (p) => /^(tachys|reactive_graph|leptos|leptos_\w+|any_spawner|throw_error|or_poisoned|send_wrapper|slotmap|oco_ref|guardian|either_of|next_tuple|reactive_stores|hydration_context|server_fn)$/.test(p)],
  ["Rust's std (core, alloc, std, compiler_builtins, dlmalloc, hashbrown)", (p) => /^(core|alloc|std|compiler_builtins|dlmalloc|hashbrown|panic_abort)$/.test(p)],
  ["JSON (serde_json, serde, serde_core, geojson)", (p) => /^(serde_json|serde|serde_core|geojson|indexmap|zmij|itoa|ryu)$/.test(p)],
  ["browser bindings (wasm_bindgen, js_sys, web_sys, futures)", (p) => /^(wasm_bindgen|wasm_bindgen_futures|js_sys|web_sys|futures_\w+|futures)$/.test(p)],
];

const brotli = (buffer) =>
  brotliCompressSync(buffer, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 9 },
  }).length;

const byCrate = new Map();
const functions = [];
bodies.forEach((body, i) => {
  const name = names.get(i + imports) ?? `(function ${i + imports})`;
  const crate = partOf(name);
  const part = byCrate.get(crate) ?? { raw: 0, count: 0, chunks: [] };
  part.raw += body.length;
  part.count += 1;
  part.chunks.push(body);
  byCrate.set(crate, part);
  functions.push({ name, raw: body.length });
});

const shipped = [...byCrate.entries()].filter(([crate]) => crate !== DESCRIPTORS);
const totalRaw = shipped.reduce((s, [, p]) => s + p.raw, 0);
const rows = shipped
  .map(([crate, p]) => ({ crate, raw: p.raw, count: p.count, br: brotli(Buffer.concat(p.chunks)) }))
  .sort((a, b) => b.raw - a.raw);
const kB = (n) => (n / 1000).toFixed(1);
const descriptors = byCrate.get(DESCRIPTORS)?.raw ?? 0;
console.log(`${file}: ${bodies.length} functions, code ${kB(totalRaw)} kB (besides ${kB(descriptors)} kB of wasm-bindgen descriptors), data ${kB(dataBytes)} kB\n`);
console.log("| group | code kB | share |");
console.log("| --- | --- | --- |");
let grouped = 0;
for (const [label, test] of GROUPS) {
  const raw = shipped.filter(([crate]) => test(crate.split("::")[0])).reduce((s, [, p]) => s + p.raw, 0);
  grouped += raw;
  console.log(`| ${label} | ${kB(raw)} | ${((100 * raw) / totalRaw).toFixed(1)}% |`);
}
console.log(`| everything else | ${kB(totalRaw - grouped)} | ${((100 * (totalRaw - grouped)) / totalRaw).toFixed(1)}% |\n`);
console.log("| part | functions | code kB | share | brotli kB (alone) |");
console.log("| --- | --- | --- | --- | --- |");
for (const r of rows) {
  console.log(`| ${r.crate} | ${r.count} | ${kB(r.raw)} | ${((100 * r.raw) / totalRaw).toFixed(1)}% | ${kB(r.br)} |`);
}
if (grep) {
  const hits = functions.filter((f) => f.name.includes(grep));
  const sum = hits.reduce((s, f) => s + f.raw, 0);
  console.log(`\n${hits.length} functions matching "${grep}": ${kB(sum)} kB of code (${((100 * sum) / totalRaw).toFixed(1)}%)`);
}
if (top > 0) {
  console.log("\n| function | code bytes |\n| --- | --- |");
  for (const f of functions.sort((a, b) => b.raw - a.raw).slice(0, top)) {
    console.log(`| ${f.name.slice(0, Number(process.env.NAME_WIDTH ?? 140)).replace(/\|/g, "\\|")} | ${f.raw} |`);
  }
}
