import Foundation
import Mustache
@testable import PraktikaBuild
import PraktikaModel
import PropertyBased
import Testing

/// `CompiledTemplates` must render exactly what swift-mustache renders: on the real theme, on Mustache's
/// whitespace and inheritance corner cases, and on random templates.
@Suite struct CompiledTemplatesTests {
    static let pragma = "{{% CONTENT_TYPE: \(HTMLEscaper.name) }}"

    /// Both engines' output of template `main` of `templates` with `context`.
    static func renderBoth(_ templates: [String: String], _ context: [String: Any]) throws -> (mustache: String, compiled: String) {
        #expect(HTMLEscaper.registered)
        var library = MustacheLibrary()
        for (name, text) in templates { library.register(try MustacheTemplate(string: pragma + text), named: name) }
        let compiled = try #require(CompiledTemplates.compile(templates.mapValues { pragma + $0 }, contentType: HTMLEscaper.name))
        let value = ViewBox.wrap(context)
        return (library.render(value.wrapped, withTemplate: "main") ?? "", String(decoding: compiled.render("main", value), as: UTF8.self))
    }

    static var context: [String: Any] { [
        "title": "Семья <и> \"дети\" & 'школа'", "count": 3, "yes": true, "no": false, "empty": "", "zero": 0,
        "none": [[String: Any]](), "words": ["альфа", "бета"],
        "items": [["name": "один", "n": 1], ["name": "два", "n": 2, "title": "внутри", "page": ["meta": ["kind": "своя"]]]],
        "page": ["title": "Страница", "meta": ["kind": "practice"]],
    ] }

    @Test(arguments: [
        // Variables, escaping, dotted and local names, the current item.
        "{{title}}|{{{title}}}|{{&title}}|{{count}}|{{yes}}|{{missing}}|{{page.title}}|{{page.meta.kind}}|{{page.nope.kind}}",
        "{{#items}}{{name}}:{{title}};{{/items}}|{{#page}}{{.title}}{{/page}}|{{#words}}[{{.}}]{{/words}}",
        // A dotted name is decided by the first level of the stack that has its first part: the second item's own
        // `page` has no `title`, and the outer page's is not used.
        "{{#items}}[{{page.title}}|{{page.meta.kind}}|{{#page}}{{title}}{{/page}}]{{/items}}",
        // Sections over every kind of value, and inverted sections.
        "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{#empty}}E{{/empty}}{{#zero}}Z{{.}}{{/zero}}{{#none}}L{{/none}}{{#missing}}M{{/missing}}",
        "{{^yes}}Y{{/yes}}{{^no}}N{{/no}}{{^empty}}E{{/empty}}{{^zero}}Z{{/zero}}{{^none}}L{{/none}}{{^missing}}M{{/missing}}{{^items}}I{{/items}}",
        // Standalone lines, indentation, comments, text braces, CRLF, no final newline.
        "<ul>\n  {{#items}}\n  <li>{{name}}</li>\n  {{/items}}\n</ul>\n  {{! comment }}\nx {{! inline }} y\n{ {x} }\r\n{{#yes}}\r\nwin\r\n{{/yes}}\r\nend",
        "a\n  {{> part}}\nb\n\t{{> part}}  \n{{> part}} tail\n  {{#yes}}\n    {{> part}}\n  {{/yes}}\n",
        // Parents and blocks: overrides, defaults, indentation, nesting.
        "{{< layout}}\n  {{$body}}\n    <p>{{title}}</p>\n    {{#items}}\n    <i>{{name}}</i>\n    {{/items}}\n  {{/body}}\n{{/layout}}\n",
        "{{<layout}}{{$head}}H{{/head}}{{/layout}}",
        "before {{<layout}}{{$body}}B{{/body}}{{/layout}} after\n  {{$loose}}default {{title}}{{/loose}}\n",
        // A parent of a parent: the outermost override of a block wins over the one in between.
        "{{<section}}{{$head}}main head{{/head}}{{/section}}|{{<section}}{{/section}}",
    ])
    func matchesSwiftMustache(_ main: String) throws {
        let templates = [
            "main": main,
            "part": "<b>{{title}}</b>\n{{#items}}\n  <i>{{name}}</i>\n{{/items}}\n",
            "section": "{{<layout}}{{$head}}section head{{/head}}{{$body}}section body{{/body}}{{/layout}}",
            "layout": "<html>\n  {{$head}}<title>{{title}}</title>{{/head}}\n  <main>\n    {{$body}}empty{{/body}}\n  </main>\n  {{> part}}\n</html>\n",
        ]
        let (mustache, compiled) = try Self.renderBoth(templates, Self.context)
        #expect(compiled == mustache)
    }

    /// A body's HTML reaches the view model as UTF-8 bytes: both engines render it as that text, escaped or
    /// raw, and it fingerprints like the same text given as a String (cached pages stay valid).
    @Test func utf8BytesRenderAsText() throws {
        let html = "<p>Семья «и» \"дети\" & 'ё'</p>"
        let template = "{{html}}|{{{html}}}|{{#html}}[{{{.}}}]{{/html}}|{{^html}}нет{{/html}}|{{html.x}}"
        let bytes = try Self.renderBoth(["main": template], ["html": Array(html.utf8)])
        let text = try Self.renderBoth(["main": template], ["html": html])
        #expect(bytes.compiled == bytes.mustache)
        #expect(bytes.compiled == text.compiled)
        #expect(bytes.compiled.hasPrefix("&lt;p&gt;Семья «и» &quot;дети&quot; &amp; &#39;ё&#39;&lt;/p&gt;|\(html)|[\(html)]||"))
        let fingerprints = [ViewBox.wrap(["html": Array(html.utf8)]), ViewBox.wrap(["html": html])]
            .map { Fingerprint.of($0, seed: 1, template: "main") }
        #expect(fingerprints[0] == fingerprints[1])
        #expect(Fingerprint.of(ViewBox.wrap(["html": Array("другое".utf8)]), seed: 1, template: "main") != fingerprints[0])
    }

    @Test func constructsItDoesNotCoverFallBackToSwiftMustache() {
        for text in ["{{=<% %>=}}<% title %>", "{{ uppercased(title) }}", "{{> *dynamic}}", "{{< *dynamic}}{{/ *dynamic}}",
                     "{{% CONTENT_TYPE: TEXT }}"] {
            #expect(CompiledTemplates.compile(["main": text], contentType: HTMLEscaper.name) == nil, "\(text)")
        }
    }

    /// Random well-formed templates from tags, text, spaces and line breaks.
    @Test func randomTemplatesRenderTheSame() throws {
        // The pragma parses only once the content type is registered (`renderBoth` does it too late for the guard
        // below: run alone, every template was skipped).
        #expect(HTMLEscaper.registered)
        var generator = SplitMix(seed: 20261124)
        let names = ["title", "count", "yes", "no", "empty", "none", "words", "items", "page", "page.title", "missing", "name", "."]
        func piece(_ depth: Int) -> String {
            switch generator.next() % 12 {
            case 0: return "\n"
            case 1: return "  "
            case 2: return "\t"
            case 3: return "текст"
            case 4: return "{{\(names.randomElement(using: &generator)!)}}"
            case 5: return "{{{\(names.randomElement(using: &generator)!)}}}"
            case 6: return "{{! note }}"
            case 7: return ["\n  {{> part}}\n", "{{> part}}", " {{> part}} "].randomElement(using: &generator)!
            case 8 where depth < 3, 9 where depth < 3:
                let name = ["yes", "no", "items", "none", "words", "page", "missing"].randomElement(using: &generator)!
                let sigil = generator.next() % 3 == 0 ? "^" : "#"
                let inner = (0..<Int(generator.next() % 5)).map { _ in piece(depth + 1) }.joined()
                let breakOpen = generator.next() % 2 == 0 ? "\n" : ""
                let breakClose = generator.next() % 2 == 0 ? "\n" : ""
                return "{{\(sigil)\(name)}}\(breakOpen)\(inner)\(breakClose){{/\(name)}}"
            case 10 where depth == 0:
                let body = (0..<Int(generator.next() % 4)).map { _ in piece(depth + 1) }.joined()
                return "{{<layout}}\n{{$body}}\(body){{/body}}\n{{/layout}}"
            default: return "x"
            }
        }
        var compared = 0
        for round in 0..<400 {
            let main = (0..<Int(1 + generator.next() % 10)).map { _ in piece(0) }.joined()
            let templates = ["main": main, "part": "P{{title}}\n  {{#items}}\n  <{{name}}>\n  {{/items}}\n",
                             "layout": "L\n  {{$body}}def{{/body}}\n  {{> part}}\n"]
            guard (try? MustacheTemplate(string: Self.pragma + main)) != nil else { continue }
            let (mustache, compiled) = try Self.renderBoth(templates, Self.context)
            compared += 1
            #expect(compiled == mustache, "round \(round): \(main.debugDescription)")
            if compiled != mustache { break }
        }
        #expect(compared > 300)
    }

    /// A worker's private copy renders the same and shares no buffer with the original (the point of it:
    /// threads must not retain the same objects).
    @Test func privateCopySharesNoBuffer() throws {
        let (loaded, _) = Theme.load(directory: BuildTests.templates)
        let theme = try #require(loaded)
        let original = try #require(theme.compiled)
        let copy = original.privateCopy()
        func buffers(_ program: CompiledTemplates) -> [UnsafeRawPointer] {
            var all: [UnsafeRawPointer] = []
            func add<T>(_ array: [T]) { array.withUnsafeBytes { $0.baseAddress.map { all.append($0) } } }
            add(program.ops)
            add(program.arena)
            add(program.names)
            add(program.keys)
            add(program.templateRanges)
            // Variable names longer than a small string (15 bytes) have a buffer of their own.
            for key in program.keys + program.strings.map(CompiledTemplates.Key.init) {
                var name = key.name
                name.withUTF8 { bytes in
                    if bytes.count > 15, let base = bytes.baseAddress { all.append(UnsafeRawPointer(base)) }
                }
            }
            return all
        }
        let before = Set(buffers(original))
        let after = Set(buffers(copy))
        #expect(before.count >= 5 && after.count == before.count)
        #expect(before.isDisjoint(with: after))
        let context = ViewBox.wrap(Self.context)
        for name in original.templateNames.sorted() {
            #expect(copy.render(name, context) == original.render(name, context), "\(name)")
        }
    }

    /// The whole fixture site and the real Content/, through both engines.
    @Test(arguments: ["fixture", "content"])
    func realThemeRendersTheSame(_ which: String) throws {
        let root = which == "fixture" ? TestSupport.fixtures + "/portal-small" : TestSupport.repositoryRoot
        let site = try #require(Checker.check(SiteLayout(root: root)).site)
        let (fast, _) = Theme.load(directory: BuildTests.templates)
        let (slow, _) = Theme.load(directory: BuildTests.templates, compiles: false)
        let fastTheme = try #require(fast)
        let slowTheme = try #require(slow)
        #expect(fastTheme.compiled != nil && slowTheme.compiled == nil)
        let pages = Planner.plan(site).pages
        let a = Renderer.render(pages, site: site, theme: fastTheme)
        let b = Renderer.render(pages, site: site, theme: slowTheme)
        #expect(a.count == pages.count && pages.count > 20)
        for (x, y) in zip(a, b) where x != y {
            Issue.record("\(x.path) differs")
            break
        }
    }
}


@Suite struct EscapingTests {
    @Test func xmlAndHTMLEscapeTheFiveCharacters() {
        let text = "Ёж & «ёлка» <b>\"x\"</b> it's"
        #expect(Crawlers.escapeXML(text) == "Ёж &amp; «ёлка» &lt;b&gt;&quot;x&quot;&lt;/b&gt; it&apos;s")
        #expect(HTMLEscaper.escape(text) == "Ёж &amp; «ёлка» &lt;b&gt;&quot;x&quot;&lt;/b&gt; it&#39;s")
        #expect(Crawlers.escapeXML("Жить и воспитываться в семье") == "Жить и воспитываться в семье")
    }

    /// A page's buffer is reserved from the template's recent output size: a page like the one before it is
    /// made without growing the buffer, so its capacity stays near its size (grown by doubling from 16 KiB, a
    /// 17 KiB page had 32 KiB). The bytes are the same either way.
    @Test func outputBufferIsReservedFromRecentSize() throws {
        let compiled = try #require(CompiledTemplates.compile(
            ["main": CompiledTemplatesTests.pragma + "{{text}}"], contentType: HTMLEscaper.name))
        let page = String(repeating: "абвгд ", count: 1_600)  // 17,600 bytes
        let first = compiled.render("main", ViewBox.wrap(["text": page]))
        let second = compiled.render("main", ViewBox.wrap(["text": page]))
        #expect(first == Array(page.utf8) && second == first)
        #expect(second.capacity >= second.count && second.capacity <= second.count + second.count / 4 + 1_024,
                "capacity \(second.capacity) for \(second.count) bytes")
    }

    /// The compiled templates' escaper tests eight bytes at a time: the five characters at every offset of a
    /// word, next to each other, at the ends and in texts shorter than a word escape as `HTMLEscaper` does,
    /// for text given as a `String` and as UTF-8 bytes.
    @Test func compiledEscapingAgreesWithHTMLEscaper() async throws {
        let compiled = try #require(CompiledTemplates.compile(
            ["main": CompiledTemplatesTests.pragma + "{{text}}|{{bytes}}"], contentType: HTMLEscaper.name))
        let text = Gen<Character?>.element(of: Array("&<>\"'aя ё\u{01}\u{7F}\u{80}€😀")).map { $0 ?? "a" }.string(of: 0...40)
        await propertyCheck(count: 2000, input: text) { text in
            let rendered = String(decoding: compiled.render("main", ViewBox.wrap(["text": text, "bytes": Array(text.utf8)])), as: UTF8.self)
            let expected = HTMLEscaper.escape(text)
            #expect(rendered == expected + "|" + expected, "\(text)")
        }
    }
}

/// `ViewContext` (a list searched by hashes) behaves as the dictionary it replaced: the last value set for
/// a name wins, setting nil removes it, every name is found by name and by its precomputed hash, and
/// iteration yields each name once.
@Suite struct ViewContextTests {
    @Test func behavesAsADictionary() async {
        let names = ["title", "href", "", "ёж", "titles", "a.b", "Title", "x"]
        let operation = Gen<Int>.int(in: 0...(names.count - 1)).map { names[$0] }
        let steps = Gen<Int>.int(in: -1...3).array(of: 0...30)
        await propertyCheck(count: 500, input: operation.array(of: 0...30), steps) { keys, values in
            var context = ViewContext()
            var model: [String: Int] = [:]
            for (key, value) in zip(keys, values) {
                context[key] = value < 0 ? nil : .int(value)
                model[key] = value < 0 ? nil : value
            }
            #expect(context.count == model.count)
            for name in names {
                let expected = model[name].map(ViewValue.int)
                for found in [context[name], context.value(named: name, code: ViewContext.code(name))] {
                    if case .int(let number) = found { #expect(model[name] == number, "\(name)") } else {
                        #expect(found == nil && expected == nil, "\(name)")
                    }
                }
            }
            let pairs = context.map { entry -> (String, Int) in
                guard case .int(let number) = entry.value else { return (entry.key, -1) }
                return (entry.key, number)
            }
            #expect(Set(pairs.map(\.0)).count == pairs.count, "a name iterated twice")
            #expect(Dictionary(pairs, uniquingKeysWith: { first, _ in first }) == model)
        }
        let literal: ViewContext = ["a": .int(1), "b": .bool(true)]
        #expect(literal.count == 2)
    }
}
