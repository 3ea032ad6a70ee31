#!/usr/bin/env python3
"""The output quality gate behind `make test-site`.

Checks built sites with tools that are not Praktika's own code:
  * every HTML page through the Nu HTML Checker (vnu.jar), zero errors;
  * every internal link, asset reference and #anchor resolves (own HTML parser here), sitemap.xml lists
    every page and only existing ones, robots.txt points at it, every Atom feed parses (feedparser);
  * a page-weight budget and no external requests (from the files and from the browser's resource log);
  * in headless Chromium (selenium + chromium-driver): axe-core on one page of every kind, light and dark,
    zero critical or serious violations; keyboard navigation reaches the skip link and every header link
    with a visible focus indicator; no horizontal scrolling at 390 px; no console errors; desktop and
    phone screenshots into the report folder.

Usage: site_qa.py --report DIR NAME=SITE_DIR [NAME=SITE_DIR ...]
Every HTML page must belong to one of PAGE_KINDS (a new kind of page has to be added here, so the gate
cannot silently skip it), and every kind must occur in at least one of the sites.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Page kinds by path inside the site (first match wins).
PAGE_KINDS: list[tuple[str, str]] = [
    ("home", r"index\.html"),
    ("not-found", r"404\.html"),
    ("practices", r"practices/(page/\d+/)?index\.html"),
    ("practice", r"practices/[^/]+/index\.html"),
    ("regions", r"regions/index\.html"),
    ("region", r"regions/[^/]+/index\.html"),
    ("districts", r"districts/index\.html"),
    ("district", r"districts/[^/]+/index\.html"),
    ("nominations", r"nominations/index\.html"),
    ("nomination", r"nominations/[^/]+/index\.html"),
    ("forums", r"forums/index\.html"),
    ("forum", r"forums/[^/]+/index\.html"),
    ("topics", r"topics/index\.html"),
    ("topic", r"topics/[^/]+/index\.html"),
    ("news-list", r"news/(page/\d+/)?index\.html"),
    ("news", r"news/[^/]+/index\.html"),
    ("search", r"search/index\.html"),
    ("stats", r"stats/index\.html"),
    ("open-data", r"data/index\.html"),
    ("page", r"[^/]+/index\.html"),
]

BUDGET_PRACTICE_HTML = 60 * 1024
BUDGET_CSS = 30 * 1024
BUDGET_JS = 30 * 1024
PHONE = (390, 844)
DESKTOP = (1440, 900)


@dataclass
class Result:
    passed: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failures.append(message)
        return ok


@dataclass
class Page:
    path: str  # relative to the site root, posix
    ids: set[str]
    refs: list[tuple[str, str, str, int]]  # (tag, attribute, value, line)
    stylesheets: list[str]
    scripts: list[str]
    canonical: str | None
    feeds: list[str]


class PageParser(HTMLParser):
    REF_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src",
                 "source": "src", "use": "href", "image": "href", "form": "action"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, int]] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.canonical: str | None = None
        self.feeds: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        attr = self.REF_ATTRS.get(tag)
        if attr and attr in a:
            self.refs.append((tag, attr, a[attr], line))
        if tag == "use" and "xlink:href" in a:
            self.refs.append((tag, "xlink:href", a["xlink:href"], line))
        if tag == "link":
            rel = a.get("rel", "").lower().split()
            if "stylesheet" in rel:
                self.stylesheets.append(a.get("href", ""))
            if "canonical" in rel:
                self.canonical = a.get("href")
            if "alternate" in rel and a.get("type") == "application/atom+xml":
                self.feeds.append(a.get("href", ""))
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])

    handle_startendtag = handle_starttag


def parse_page(root: Path, file: Path) -> Page:
    parser = PageParser()
    parser.feed(file.read_text(encoding="utf-8"))
    return Page(file.relative_to(root).as_posix(), parser.ids, parser.refs, parser.stylesheets,
                parser.scripts, parser.canonical, parser.feeds)


def kind_of(path: str) -> str | None:
    for name, pattern in PAGE_KINDS:
        if re.fullmatch(pattern, path):
            return name
    return None


class Site:
    def __init__(self, name: str, root: Path) -> None:
        self.name = name
        self.root = root
        self.pages: dict[str, Page] = {}
        for file in sorted(root.rglob("*.html")):
            page = parse_page(root, file)
            self.pages[page.path] = page
        home = self.pages.get("index.html")
        if home is None or not home.canonical:
            raise SystemExit(f"site-qa: {root}: no index.html with a canonical link")
        self.base_url = home.canonical  # the home page's canonical URL is base_url
        self.base_path = urlsplit(self.base_url).path or "/"

    def url_of(self, path: str) -> str:
        """The site-absolute URL path of a file, as links write it."""
        if path.endswith("index.html"):
            path = path[: -len("index.html")]
        return self.base_path + path

    def file_for(self, url_path: str) -> Path | None:
        """The file a site-absolute URL path is served from, or None."""
        if not url_path.startswith(self.base_path):
            return None
        rel = unquote(url_path[len(self.base_path):])
        if ".." in rel.split("/"):
            return None
        candidate = self.root / rel
        if rel == "" or rel.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


# ---------------------------------------------------------------------------------------------- static checks

def check_kinds(sites: list[Site], result: Result) -> dict[str, dict[str, str]]:
    """Classifies every page; returns site -> kind -> sample page (the largest page of the kind)."""
    samples: dict[str, dict[str, str]] = {}
    seen: set[str] = set()
    for site in sites:
        by_kind: dict[str, list[str]] = {}
        for path in site.pages:
            kind = kind_of(path)
            if not result.check(kind is not None, f"{site.name}: {path}: page of no known kind (add it to PAGE_KINDS)"):
                continue
            by_kind.setdefault(kind, []).append(path)
        samples[site.name] = {
            kind: max(paths, key=lambda p: ((site.root / p).stat().st_size, p)) for kind, paths in by_kind.items()
        }
        seen.update(by_kind)
    for name, _ in PAGE_KINDS:
        result.check(name in seen, f"no page of kind {name!r} in any site")
    return samples


def check_links(site: Site, result: Result) -> None:
    broken: list[str] = []
    external_requests: list[str] = []
    checked = 0
    for page in site.pages.values():
        page_url = site.url_of(page.path)
        for tag, attr, value, line in page.refs:
            if value.startswith(("mailto:", "tel:", "data:")):
                continue
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                if tag != "a" and not (tag == "link" and attr == "href" and _is_navigational_link(value, page)):
                    external_requests.append(f"{page.path}:{line}: <{tag} {attr}={value!r}> loads from another host")
                continue
            if parts.scheme:
                broken.append(f"{page.path}:{line}: <{tag} {attr}={value!r}>: unexpected scheme")
                continue
            checked += 1
            absolute = urlsplit(urljoin(page_url, value))
            target_path = absolute.path
            target_file = page.path if (value.startswith("#")) else None
            if target_file is None:
                file = site.file_for(target_path)
                if file is None:
                    broken.append(f"{page.path}:{line}: <{tag} {attr}={value!r}> -> {target_path}: no such file")
                    continue
                target_file = file.relative_to(site.root).as_posix()
            fragment = unquote(absolute.fragment)
            if fragment:
                target = site.pages.get(target_file)
                if target is None or fragment not in target.ids:
                    broken.append(f"{page.path}:{line}: <{tag} {attr}={value!r}>: no element with id {fragment!r} in {target_file}")
    result.check(not broken, f"{site.name}: {len(broken)} broken internal links:\n    " + "\n    ".join(broken[:30]))
    result.check(not external_requests, f"{site.name}: external requests:\n    " + "\n    ".join(external_requests[:30]))
    result.notes.append(f"{site.name}: {len(site.pages)} pages, {checked} internal links and references checked")


def _is_navigational_link(value: str, page: Page) -> bool:
    """<link rel=canonical/alternate> name absolute URLs by design; they are not requests."""
    return value == page.canonical or value.startswith(("https://", "http://")) and not value.endswith((".css", ".js"))


def check_sitemap(site: Site, result: Result) -> None:
    sitemap = site.root / "sitemap.xml"
    if not result.check(sitemap.is_file(), f"{site.name}: no sitemap.xml"):
        return
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    try:
        tree = ET.parse(sitemap)
    except ET.ParseError as error:
        result.check(False, f"{site.name}: sitemap.xml is not XML: {error}")
        return
    locs = [loc.text or "" for loc in tree.getroot().findall("sm:url/sm:loc", ns)]
    listed: set[str] = set()
    problems: list[str] = []
    for loc in locs:
        if not loc.startswith(site.base_url):
            problems.append(f"{loc}: not under base_url {site.base_url}")
            continue
        file = site.file_for(urlsplit(loc).path)
        if file is None:
            problems.append(f"{loc}: no such page")
        else:
            listed.add(file.relative_to(site.root).as_posix())
    missing = sorted(p for p in site.pages if p != "404.html" and p not in listed)
    problems += [f"{p}: page missing from sitemap.xml" for p in missing]
    if "404.html" in listed:
        problems.append("404.html is listed in sitemap.xml")
    result.check(len(locs) == len(set(locs)), f"{site.name}: sitemap.xml lists a URL twice")
    result.check(not problems, f"{site.name}: sitemap.xml:\n    " + "\n    ".join(problems[:30]))
    robots = site.root / "robots.txt"
    if result.check(robots.is_file(), f"{site.name}: no robots.txt"):
        text = robots.read_text(encoding="utf-8")
        result.check(f"Sitemap: {site.base_url}sitemap.xml" in text, f"{site.name}: robots.txt does not name the sitemap")


def check_feeds(site: Site, result: Result) -> None:
    feeds: set[str] = set()
    for page in site.pages.values():
        for href in page.feeds:
            feeds.add(urlsplit(urljoin(site.base_url + page.path, href)).path)
    if not feeds:
        return
    import feedparser  # installed by setup.sh

    for url_path in sorted(feeds):
        file = site.file_for(url_path)
        if not result.check(file is not None, f"{site.name}: feed {url_path} is linked but missing"):
            continue
        parsed = feedparser.parse(file.read_bytes())
        ok = not parsed.bozo and parsed.version == "atom10" and parsed.feed.get("title") and parsed.feed.get("updated")
        result.check(bool(ok), f"{site.name}: feed {url_path}: not a valid Atom feed ({parsed.get('bozo_exception')})")
        for entry in parsed.entries:
            link = entry.get("link", "")
            target = site.file_for(urlsplit(link).path) if link.startswith(site.base_url) else None
            result.check(target is not None and entry.get("id") and entry.get("updated"),
                         f"{site.name}: feed {url_path}: entry {entry.get('title')!r} lacks id/updated or links to {link!r}")
    result.notes.append(f"{site.name}: {len(feeds)} Atom feeds parsed")


def check_open_data(site: Site, result: Result) -> None:
    """Every data/*.json validates against its data/schema/*.schema.json; each CSV has the same rows."""
    import csv
    import io

    import jsonschema  # installed by setup.sh

    datasets = sorted(site.root.glob("data/*.json"))
    if not datasets:
        return
    for file in datasets:
        name = file.stem
        schema_file = site.root / "data" / "schema" / f"{name}.schema.json"
        if not result.check(schema_file.is_file(), f"{site.name}: data/{name}.json has no schema"):
            continue
        data = json.loads(file.read_text(encoding="utf-8"))
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        errors = [f"{list(e.path)}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
        result.check(not errors, f"{site.name}: data/{name}.json does not match its schema: {errors[:5]}")
        csv_file = site.root / "data" / f"{name}.csv"
        if result.check(csv_file.is_file(), f"{site.name}: no data/{name}.csv"):
            rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8"), newline="")))
            keys = list(schema["items"]["properties"].keys())
            result.check(rows[:1] == [keys] and len(rows) - 1 == len(data),
                         f"{site.name}: data/{name}.csv has {len(rows) - 1} rows and header {rows[:1]}, JSON {len(data)}")
    result.notes.append(f"{site.name}: {len(datasets)} open-data sets valid against their JSON Schemas, CSV rows equal")


GENERIC_LINK_TEXT = {"здесь", "тут", "подробнее", "далее", "ссылка", "читать", "click here", "here", "more", "link"}


class DetailsParser(HTMLParser):
    """Tables (caption, header cells), SVG images (title) and link texts of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.table: dict[str, bool] | None = None
        self.svg_img: dict[str, bool] | None = None
        self.link: list[str] | None = None
        self.link_label = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        line = self.getpos()[0]
        if tag == "table":
            # Theme tables (with a class) need a caption; Markdown tables (GFM has no captions) need header cells.
            self.table = {"caption": not a.get("class"), "th": False, "line": line}  # type: ignore[dict-item]
        elif tag in ("caption", "th") and self.table is not None:
            self.table[tag] = True
        elif tag == "svg" and a.get("role") == "img":
            self.svg_img = {"title": False, "labelled": bool(a.get("aria-labelledby") or a.get("aria-label")), "line": line}  # type: ignore[dict-item]
        elif tag == "title" and self.svg_img is not None:
            self.svg_img["title"] = True
        elif tag == "a" and "href" in a:
            self.link = []
            self.link_label = a.get("aria-label", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.table is not None:
            if not (self.table["caption"] and self.table["th"]):
                self.problems.append(f"line {self.table['line']}: a table without header cells (or, in the theme, a caption)")
            self.table = None
        elif tag == "svg" and self.svg_img is not None:
            if not (self.svg_img["title"] and self.svg_img["labelled"]):
                self.problems.append(f"line {self.svg_img['line']}: an SVG image without <title> and a label")
            self.svg_img = None
        elif tag == "a" and self.link is not None:
            text = (self.link_label or " ".join("".join(self.link).split())).strip().lower()
            if not text or text in GENERIC_LINK_TEXT:
                self.problems.append(f"line {self.getpos()[0]}: a link with no meaningful text ({text!r})")
            self.link = None

    def handle_data(self, data: str) -> None:
        if self.link is not None:
            self.link.append(data)


def check_details(site: Site, result: Result) -> None:
    """What tools miss: tables with captions and header cells, charts with text alternatives, meaningful link
    text; and the stylesheet honours reduced motion and dark mode."""
    problems: list[str] = []
    for page in site.pages.values():
        parser = DetailsParser()
        parser.feed((site.root / page.path).read_text(encoding="utf-8"))
        problems += [f"{page.path}: {p}" for p in parser.problems]
    result.check(not problems, f"{site.name}: accessibility details:\n    " + "\n    ".join(problems[:30]))
    css = "".join(f.read_text(encoding="utf-8") for f in site.root.glob("assets/*.css"))
    for feature in ("prefers-reduced-motion", "prefers-color-scheme: dark", ":focus-visible"):
        result.check(feature in css, f"{site.name}: the stylesheet has no {feature} rule")


def check_weight(site: Site, result: Result) -> None:
    def size_of(url: str, page: Page) -> int:
        file = site.file_for(urlsplit(urljoin(site.url_of(page.path), url)).path)
        return file.stat().st_size if file else 0

    over: list[str] = []
    largest_practice = 0
    for page in site.pages.values():
        html_size = (site.root / page.path).stat().st_size
        if kind_of(page.path) == "practice":
            largest_practice = max(largest_practice, html_size)
            if html_size > BUDGET_PRACTICE_HTML:
                over.append(f"{page.path}: HTML {html_size} B > {BUDGET_PRACTICE_HTML} B")
        css = sum(size_of(u, page) for u in page.stylesheets)
        js = sum(size_of(u, page) for u in page.scripts)
        if css > BUDGET_CSS:
            over.append(f"{page.path}: CSS {css} B > {BUDGET_CSS} B")
        if js > BUDGET_JS:
            over.append(f"{page.path}: JS {js} B > {BUDGET_JS} B")
    result.check(not over, f"{site.name}: over the page-weight budget:\n    " + "\n    ".join(over[:30]))
    css_files = sorted(site.root.glob("assets/*.css"))
    js_files = sorted(site.root.glob("assets/*.js"))
    result.notes.append(
        f"{site.name}: largest practice page {largest_practice / 1024:.1f} KB; CSS "
        + ", ".join(f"{f.name} {f.stat().st_size / 1024:.1f} KB" for f in css_files)
        + ("; JS " + ", ".join(f"{f.name} {f.stat().st_size / 1024:.1f} KB" for f in js_files) if js_files else "")
    )


def check_vnu(sites: list[Site], vnu_jar: Path, result: Result) -> None:
    started = time.monotonic()
    command = ["java", "-Xss1024k", "-jar", str(vnu_jar), "--errors-only", "--format", "json",
               "--also-check-css", "--also-check-svg", "--skip-non-html"]
    command += [str(site.root) for site in sites]
    run = subprocess.run(command, capture_output=True, text=True)
    try:
        messages = json.loads(run.stderr or run.stdout or '{"messages": []}')["messages"]
    except json.JSONDecodeError:
        result.check(False, f"vnu did not answer in JSON (exit {run.returncode}): {run.stderr[:500]}")
        return
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    lines = [f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m.get('message')}" for m in errors]
    result.check(not errors, f"vnu: {len(errors)} errors:\n    " + "\n    ".join(lines[:40]))
    pages = sum(len(site.pages) for site in sites)
    result.notes.append(f"vnu: {pages} HTML pages and their CSS checked in {time.monotonic() - started:.1f} s, {len(errors)} errors")


# --------------------------------------------------------------------------------------------- browser checks

class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a site under its base path, 404.html for what is missing, and logs nothing."""

    base_path = "/"

    def translate_path(self, path: str) -> str:
        url_path = urlsplit(path).path
        if not url_path.startswith(self.base_path):
            return str(Path(self.directory) / "__outside_base_path__")
        return super().translate_path("/" + url_path[len(self.base_path):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code == 404 and not_found.is_file():
            body = not_found.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


def serve(site: Site) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = type("Handler", (SiteHandler,), {"base_path": site.base_path})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site.root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def make_driver():  # type: ignore[no-untyped-def]
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--force-color-profile=srgb", "--lang=ru-RU",
                     f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def emulate(driver, size: tuple[int, int], mobile: bool, dark: bool) -> None:  # type: ignore[no-untyped-def]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"features": [{"name": "prefers-color-scheme", "value": "dark" if dark else "light"}]})


def screenshot(driver, file: Path, size: tuple[int, int], mobile: bool) -> None:  # type: ignore[no-untyped-def]
    height = min(int(driver.execute_script("return document.documentElement.scrollHeight")), 4000)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": max(height, size[1]), "deviceScaleFactor": 1, "mobile": mobile})
    driver.save_screenshot(str(file))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile})


AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))
  .catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));
"""

OVERFLOW = """
const width = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= width + 1) return [];
return Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ').join('.') : '')
    + ' right=' + Math.round(e.getBoundingClientRect().right));
"""

FOREIGN_REQUESTS = """
return performance.getEntriesByType('resource').map(e => e.name)
  .filter(n => !n.startsWith(location.origin + '/'));
"""


def check_in_browser(sites: list[Site], samples: dict[str, dict[str, str]], axe_js: str, report: Path,
                     result: Result) -> None:
    driver = make_driver()
    driver.set_script_timeout(60)
    try:
        for site in sites:
            server, origin = serve(site)
            try:
                for kind, path in sorted(samples[site.name].items()):
                    url = origin + site.url_of(path)
                    label = f"{site.name}/{kind} ({site.url_of(path)})"
                    for mode, size, mobile, dark in (("desktop", DESKTOP, False, False), ("phone", PHONE, True, True)):
                        emulate(driver, size, mobile, dark)
                        driver.get(url)
                        driver.execute_script(axe_js)
                        violations = driver.execute_async_script(AXE_RUN)
                        serious = [v for v in violations if v["impact"] in ("critical", "serious")]
                        result.check(not serious, f"axe {label} {mode}{' dark' if dark else ''}: "
                                     + "; ".join(f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in serious))
                        for v in violations:
                            if v not in serious:
                                result.notes.append(f"axe {label} {mode}: {v['impact']} {v['id']}: {v['help']}")
                        if mobile:
                            overflow = driver.execute_script(OVERFLOW)
                            result.check(not overflow, f"{label}: scrolls horizontally at {size[0]} px: {overflow}")
                        foreign = driver.execute_script(FOREIGN_REQUESTS)
                        result.check(not foreign, f"{label}: requests to other hosts: {foreign}")
                        errors = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"
                                  and not (kind == "not-found" and "404" in e["message"])]
                        result.check(not errors, f"{label} {mode}: console errors: {errors}")
                        screenshot(driver, report / f"{site.name}-{kind}-{mode}.png", size, mobile)
                check_keyboard(driver, origin + site.url_of("index.html"), f"{site.name}/home", result)
                check_search(driver, site, origin, samples[site.name].get("practice"), result, report)
                check_facets(driver, site, origin, result, report)
            finally:
                server.shutdown()
    finally:
        driver.quit()


KEYBOARD_STATE = """
const e = document.activeElement;
if (!e || e === document.body) return null;
const s = getComputedStyle(e);
const r = e.getBoundingClientRect();
return {href: e.getAttribute('href'), text: (e.textContent || '').trim().slice(0, 60),
        inHeader: !!e.closest('header.site-header'), skip: e.classList.contains('skip-link'),
        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 || s.boxShadow !== 'none',
        visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth};
"""


def check_keyboard(driver, url: str, label: str, result: Result) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    emulate(driver, DESKTOP, False, False)
    driver.get(url)
    header_links = driver.execute_script(
        "return Array.from(document.querySelectorAll('header.site-header a[href]')).map(a => a.getAttribute('href'))")
    stops = []
    for _ in range(len(header_links) + 2):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        state = driver.execute_script(KEYBOARD_STATE)
        if state:
            stops.append(state)
    result.check(bool(stops) and stops[0]["skip"] and stops[0]["visible"],
                 f"{label}: the first Tab stop is not a visible skip link: {stops[:1]}")
    reached = [s["href"] for s in stops if s["inHeader"]]
    result.check(reached[: len(header_links)] == header_links,
                 f"{label}: Tab order does not reach every header link in order: {reached} vs {header_links}")
    no_focus_style = [s["text"] for s in stops if not (s["outline"] and s["visible"])]
    result.check(not no_focus_style, f"{label}: focused without a visible focus indicator: {no_focus_style}")
    # The skip link moves focus to <main>.
    driver.get(url)
    ActionChains(driver).send_keys(Keys.TAB).send_keys(Keys.ENTER).perform()
    focused = driver.execute_script("return document.activeElement && document.activeElement.id")
    result.check(focused == "main", f"{label}: the skip link does not move focus to <main> (got {focused!r})")
    result.notes.append(f"{label}: keyboard reached skip link + {len(header_links)} header links")


SEARCH_STATE = """
const list = document.getElementById('search-results');
if (!list || !list.hasAttribute('data-ms')) return null;
return {ms: Number(list.getAttribute('data-ms')), status: document.getElementById('search-status').textContent,
        hrefs: Array.from(list.querySelectorAll('a')).map(a => a.getAttribute('href')),
        marks: list.querySelectorAll('mark').length};
"""


FACET_STATE = """
const root = document.getElementById('facets');
if (!root || root.hidden) return null;
return {status: document.getElementById('facet-status').textContent,
        results: document.querySelectorAll('#facet-results li').length,
        staticHidden: document.getElementById('static-list').hidden};
"""


def wait_for(driver, script: str, seconds: float = 10):  # type: ignore[no-untyped-def]
    """Runs script until it returns something truthy (or the time is up)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        state = driver.execute_script(script)
        if state:
            return state
        time.sleep(0.02)
    return None


def check_facets(driver, site: Site, origin: str, result: Result, report: Path) -> None:  # type: ignore[no-untyped-def]
    """Ticking a district shows exactly the count its label promised, keeps it in the URL, and survives a reload."""
    label = f"{site.name}/practices facets"
    emulate(driver, DESKTOP, False, False)
    driver.get(origin + site.url_of("practices/index.html"))
    if not result.check(wait_for(driver, FACET_STATE) is not None, f"{label}: the facet panel did not appear"):
        return
    promised = driver.execute_script("""
        const box = Array.from(document.querySelectorAll('#facet-form input[name=district]'))
          .find(b => !b.closest('label').hidden);
        if (!box) return null;
        box.closest('details').open = true;
        box.click();
        return Number(box.closest('label').querySelector('.muted').textContent.replace(/[()]/g, ''));
    """)
    state = wait_for(driver, FACET_STATE + "") or {}
    found = int(re.search(r"\d+", state.get("status", "") or "0").group()) if re.search(r"\d+", state.get("status", "")) else -1
    url = driver.current_url
    result.check(promised is not None and found == promised and state.get("staticHidden") and "district=" in url,
                 f"{label}: ticked a district promising {promised}, found {found}, url {url}, {state}")
    screenshot(driver, report / f"{site.name}-practices-facets-desktop.png", DESKTOP, False)
    driver.get(url)
    again = wait_for(driver, FACET_STATE) or {}
    result.check(again.get("status") == state.get("status"), f"{label}: a shared URL does not restore the filter: {again}")
    result.notes.append(f"{label}: a district filter gave {found} practices, as its count said; restored from {urlsplit(url).query}")


def run_search(driver, url: str, query: str) -> dict | None:  # type: ignore[no-untyped-def]
    """Opens the search page with ?q=query and waits for the results (or 10 s)."""
    from urllib.parse import quote

    driver.get(f"{url}?q={quote(query)}")
    return wait_for(driver, SEARCH_STATE)


def check_search(driver, site: Site, origin: str, practice: str | None, result: Result, report: Path) -> None:  # type: ignore[no-untyped-def]
    """Searching for a practice's title word (in another grammatical form) finds that practice."""
    if practice is None or "search/index.html" not in site.pages:
        return
    html = (site.root / practice).read_text(encoding="utf-8")
    title = re.sub(r"<[^>]+>", "", html.split("<h1", 1)[1].split(">", 1)[1].split("</h1>", 1)[0])
    words = sorted(re.findall(r"[А-Яа-яЁё]{6,}", title), key=len, reverse=True)
    if not result.check(bool(words), f"{site.name}: no long Russian word in the title of {practice}"):
        return
    word = words[0].upper()  # case folding is part of what is checked
    emulate(driver, DESKTOP, False, False)
    state = run_search(driver, origin + site.url_of("search/index.html"), word)
    label = f"{site.name}/search «{word}»"
    if not result.check(state is not None, f"{label}: no results rendered within 10 s"):
        return
    target = site.url_of(practice)
    result.check(target in state["hrefs"] and state["marks"] > 0,
                 f"{label}: {target} not among the results or nothing highlighted: {state}")
    screenshot(driver, report / f"{site.name}-search-results-desktop.png", DESKTOP, False)
    result.notes.append(f"{label}: {len(state['hrefs'])} results shown ({state['status']}), {state['ms']} ms in the browser")


def search_bench(site: Site, queries: list[str]) -> int:
    """Prints, per query, the browser-side time from page script start to rendered results, and bytes fetched."""
    import statistics

    driver = make_driver()
    server, origin = serve(site)
    try:
        emulate(driver, DESKTOP, False, False)
        for query in queries:
            times, fetched, found = [], 0, ""
            for _ in range(5):
                driver.execute_cdp_cmd("Network.clearBrowserCache", {})
                state = run_search(driver, origin + site.url_of("search/index.html"), query)
                if state is None:
                    print(f"search-bench: «{query}»: no results within 10 s")
                    return 1
                times.append(state["ms"])
                found = state["status"]
                fetched = driver.execute_script(
                    "return performance.getEntriesByType('resource').filter(e => e.name.includes('/search/index/'))"
                    ".reduce((s, e) => s + (e.transferSize || e.encodedBodySize || 0), 0)")
            print(f"search-bench: «{query}»: median {statistics.median(times):.0f} ms (min {min(times)}, max {max(times)}), "
                  f"index bytes fetched {fetched / 1024:.0f} KiB; {found}")
    finally:
        server.shutdown()
        driver.quit()
    return 0


# ------------------------------------------------------------------------------------------------------- main

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--report", type=Path, required=True, help="folder for screenshots and report.txt")
    parser.add_argument("--vnu", type=Path, required=True, help="path of vnu.jar")
    parser.add_argument("--axe", type=Path, required=True, help="path of axe.min.js")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium checks")
    parser.add_argument("--search-bench", nargs="+", metavar="QUERY",
                        help="only measure these queries on the first site's search page (median of 5 cold loads)")
    parser.add_argument("sites", nargs="+", metavar="NAME=DIR")
    args = parser.parse_args()
    if args.search_bench:
        return search_bench(Site(*args.sites[0].split("=", 1)[:1], Path(args.sites[0].split("=", 1)[1])), args.search_bench)

    started = time.monotonic()
    sites = [Site(name, Path(directory)) for name, directory in (s.split("=", 1) for s in args.sites)]
    if args.report.exists():
        shutil.rmtree(args.report)
    args.report.mkdir(parents=True)
    result = Result()

    samples = check_kinds(sites, result)
    for site in sites:
        check_links(site, result)
        check_sitemap(site, result)
        check_feeds(site, result)
        check_open_data(site, result)
        check_details(site, result)
        check_weight(site, result)
    check_vnu(sites, args.vnu, result)
    if not args.no_browser:
        check_in_browser(sites, samples, args.axe.read_text(encoding="utf-8"), args.report, result)

    summary = [f"site-qa: {', '.join(f'{s.name} {len(s.pages)} pages' for s in sites)}; "
               f"{time.monotonic() - started:.0f} s; screenshots in {args.report}"]
    summary += [f"  note: {n}" for n in result.notes]
    summary += [f"  FAIL: {f}" for f in result.failures]
    text = "\n".join(summary)
    (args.report / "report.txt").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"site-qa: {result.passed} passed, {len(result.failures)} failed")
    return 1 if result.failures else 0


if __name__ == "__main__":
    sys.exit(main())
