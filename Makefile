# Praktika — the two commands of the README, and helpers.
SWIFT ?= swift
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev libmimalloc-dev
CONFIG ?= release

.PHONY: site check test test-site deps bench clean fuzz

## Install the Debian packages the build needs, when missing (apt-get as root, else print the command).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages; run: sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

## Build the portal from Content/ into Site/.
site: deps
	$(SWIFT) build -c $(CONFIG) --product praktika
	$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/praktika build --root .

## Validate Content/ without writing anything.
check: deps
	$(SWIFT) build -c $(CONFIG) --product praktika
	$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/praktika check --root .

## Run the test suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	@command -v node >/dev/null 2>&1 || { [ "$$(id -u)" = "0" ] && apt-get install -y -qq nodejs >/dev/null; } || \
	  { echo "node is missing; run: sudo apt-get install -y nodejs"; exit 1; }
	node --test Tests/js/

## Output quality gate: vnu, links/sitemap/feeds, page weight, axe-core + keyboard + 390 px in headless
## Chromium, screenshots into .build/site-qa/report/ (scripts/site-qa; installs its own tools).
test-site: deps
	scripts/site-qa/run.sh

clean:
	rm -rf .build Site

## Fuzz the front-matter splitter, YAML decoding and the Markdown wrapper with libFuzzer + ASan.
## FUZZ_TIME seconds (default 120); crashes are written to .build-fuzz/crashes/.
FUZZ_TIME ?= 120
fuzz: deps
	$(SWIFT) build --product praktika-fuzz --scratch-path .build-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING -Xswiftc -gnone -Xswiftc -use-ld=lld
	rm -rf .build-fuzz/seeds && mkdir -p .build-fuzz/seeds .build-fuzz/crashes
	cp Content/*/*.md .build-fuzz/seeds/
	cp Tests/PraktikaTests/Fixtures/*/Content/*/*.md .build-fuzz/seeds/ 2>/dev/null || true
	python3 ../shared/bench/gen-corpus.py --practices 100 --out .build-fuzz/gen >/dev/null 2>&1 && \
	  cp .build-fuzz/gen/practices/*.md .build-fuzz/gen/forums/*.md .build-fuzz/seeds/ || true
	.build-fuzz/debug/praktika-fuzz .build-fuzz/seeds -max_total_time=$(FUZZ_TIME) -max_len=65536 \
	  -rss_limit_mb=4096 -artifact_prefix=.build-fuzz/crashes/ -print_final_stats=1

## Benchmark clean builds of generated corpora (BENCH_SIZES, BENCH_LARGE=1, BENCH_RUNS); see docs/performance.md.
bench: deps
	scripts/bench.sh
