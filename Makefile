# Praktika — the two commands of the README, and helpers.
SWIFT ?= swift
APT_PACKAGES := libcmark-gfm-dev libcmark-gfm-extensions-dev
CONFIG ?= release

.PHONY: site check test deps bench clean

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

clean:
	rm -rf .build Site
