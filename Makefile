# Corridor Atlas: `make run` serves the product, `make test` runs every test.
# Both install what is missing first and skip what is already there.

SHELL := /bin/bash
export PATH := $(HOME)/.cargo/bin:$(CURDIR)/node_modules/.bin:$(PATH)

ADDR ?= 127.0.0.1:8080
DB   ?= var/atlas.sqlite

.PHONY: run test tools test-tools app test-size server test-rust test-e2e check fmt basemap clean-db bench test-conformance bench-server bench-store bench-ab

## Build everything and serve app + API on $(ADDR), seeding $(DB) from data/ on first start.
run: tools app server
	./target/release/atlas serve --addr $(ADDR) --db $(DB) --data data --dist dist

## Every test: unit and server tests, then browser tests against the real server.
test: tools test-tools check test-rust app test-size test-conformance test-e2e

tools:
	@scripts/install-tools.sh

test-tools:
	@scripts/install-test-tools.sh

## The wasm app, release-built by Trunk (wasm-opt on, pinned nightly std) into dist/.
app:
	scripts/build-app.sh

## Fails when the app as served (its brotli files) outgrows scripts/app-size-budget.json.
test-size:
	node scripts/check-app-size.mjs dist

server:
	cargo build --release -p atlas-server

## Every Rust test on SQLite, then the server suite again on PostgreSQL + PostGIS,
## beside a throwaway cluster (scripts/with-postgres.sh) that also runs the cross-store tests.
test-rust:
	scripts/with-postgres.sh bash -c 'cargo test --workspace && ATLAS_TEST_STORE=postgres cargo test -p atlas-server --tests'

## OGC API conformance proven by real clients: GDAL's ogrinfo, OWSLib, Schemathesis, urllib.
test-conformance:
	scripts/install-conformance-tools.sh && cargo build -p atlas-server && conformance/run.sh

test-e2e:
	cargo build -p atlas-server
	npx playwright test --config e2e/playwright.config.mjs
	node e2e/summary.mjs

## Map speed and size beside Leaflet 1.9.4 (issue 3), a story's play-through, a first visit on a throttled phone beside Leaflet (issue 17), then the API beside nginx and pygeoapi.
bench: tools test-tools app
	cargo build --release -p atlas-server
	node bench/make-synthetic.mjs && node bench/map-bench.mjs --canvas
	node bench/story-bench.mjs
	node bench/make-synthetic.mjs var/bench-data-100k --points 100000 --lines 0 && node bench/slow-first-visit.mjs
	$(MAKE) bench-server
	$(MAKE) bench-store

## The API's speed, memory, import time and a 60 s soak beside nginx and pygeoapi: writes var/bench/server.md.
bench-server:
	command -v wrk >/dev/null && command -v /usr/sbin/nginx >/dev/null || apt-get install -y --no-install-recommends wrk nginx-light
	cargo build --release -p atlas-server
	node bench/server-bench.mjs

## Our server built from git revision $(BEFORE) beside the current one and nginx, in turns (the
## default BEFORE is the commit before the house was reshaped): writes var/bench/server-ab.md.
BEFORE ?= 8023976
bench-ab:
	command -v wrk >/dev/null && command -v /usr/sbin/nginx >/dev/null || apt-get install -y --no-install-recommends wrk nginx-light
	cargo build --release -p atlas-server
	scripts/build-revision.sh $(BEFORE) var/bench-ab/build
	node bench/server-ab.mjs --before var/bench-ab/build/target/release/atlas --before-data var/bench-ab/build/src/data

## SQLite beside PostgreSQL (one and two servers): reads, box queries and writes per second over
## 100,000 points, beside a throwaway PostgreSQL cluster: writes var/bench/store.md.
bench-store: test-tools
	cargo build --release -p atlas-server
	scripts/with-postgres.sh node bench/store-bench.mjs

## Formatting and lints, as CI's reviewers expect them.
check:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p atlas-app -p atlas-editor -p atlas-map-engine --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

## Regenerate data/basemap from the world-atlas npm package.
basemap:
	node scripts/make-basemap.mjs

clean-db:
	rm -f $(DB) $(DB)-wal $(DB)-shm
