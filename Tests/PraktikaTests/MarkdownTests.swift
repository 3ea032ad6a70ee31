import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText
import Testing

@Suite struct MarkdownTests {
    @Test func rendersParagraphsAndEmphasis() {
        let result = MarkdownRenderer.render("Привет, *мир* и **люди**.")
        #expect(result.html == "<p>Привет, <em>мир</em> и <strong>люди</strong>.</p>\n")
        #expect(result.excerptText == "Привет, мир и люди.")
        #expect(result.excerptHTML == "Привет, <em>мир</em> и <strong>люди</strong>.")
    }

    @Test func headingsGetTransliteratedUniqueIDs() {
        let result = MarkdownRenderer.render("## Цель проекта\n\nТекст.\n\n## Цель проекта\n\n### Щука и `код`\n", firstLine: 10)
        #expect(result.headings.map(\.id) == ["tsel-proekta", "tsel-proekta-2", "shchuka-i-kod"])
        #expect(result.headings.map(\.level) == [2, 2, 3])
        #expect(result.headings.map(\.text) == ["Цель проекта", "Цель проекта", "Щука и код"])
        #expect(result.headings.map(\.line) == [10, 14, 16])
        #expect(result.html.contains("<h2 id=\"tsel-proekta\">Цель проекта</h2>"))
        #expect(result.html.contains("<h3 id=\"shchuka-i-kod\">Щука и <code>код</code></h3>"))
    }

    /// Every level gets its own tag pair with the id, the heading's inline markup inside, in document order.
    @Test func headingsOfEveryLevelAreTagged() {
        let source = (1...6).map { "\(String(repeating: "#", count: $0)) Уровень *\($0)*" }.joined(separator: "\n\n")
        let html = MarkdownRenderer.render(source).html
        let expected = (1...6).map { "<h\($0) id=\"uroven-\($0)\">Уровень <em>\($0)</em></h\($0)>" }
        #expect(html == expected.joined(separator: "\n") + "\n")
    }

    @Test func gfmExtensionsWork() {
        let source = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~старое~~ www.example.org\n\n- [x] готово\n- [ ] нет\n"
        let html = MarkdownRenderer.render(source).html
        #expect(html.contains("<table>"))
        #expect(html.contains("<del>старое</del>"))
        #expect(html.contains("<a href=\"http://www.example.org\">www.example.org</a>"))
        #expect(html.contains("type=\"checkbox\" checked=\"\" disabled=\"\""))
        #expect(!html.contains("data-sourcepos"))
    }

    @Test func rawHTMLIsDroppedUnlessAllowed() {
        let source = "<div onclick=\"x()\">блок</div>\n\nТекст <b>жирный</b> [ссылка](javascript:alert(1))\n\n<script>alert(1)</script>\n"
        let safe = MarkdownRenderer.render(source).html
        #expect(!safe.contains("<div"))
        #expect(!safe.contains("<b>"))
        #expect(!safe.contains("javascript:"))
        #expect(!safe.contains("<script>"))
        let unsafe = MarkdownRenderer.render(source, options: MarkdownOptions(allowsRawHTML: true)).html
        #expect(unsafe.contains("<div onclick"))
        #expect(unsafe.contains("<b>жирный</b>"))
        // tagfilter stays on even then.
        #expect(!unsafe.contains("<script>"))
        #expect(unsafe.contains("&lt;script>"))
    }

    @Test func linksAreCollectedWithLines() {
        let source = "Первая строка.\n\nСм. [практику](/practices/x/) и ![фото](img.png).\n\n<https://example.org/a>\n"
        let links = MarkdownRenderer.render(source, firstLine: 5).links
        #expect(links == [
            .init(kind: .link, destination: "/practices/x/", text: "практику", line: 7),
            .init(kind: .image, destination: "img.png", text: "фото", line: 7),
            .init(kind: .link, destination: "https://example.org/a", text: "https://example.org/a", line: 9),
        ])
    }

    @Test func footnotesAreRussian() {
        let html = MarkdownRenderer.render("Текст[^1].\n\n[^1]: Примечание.\n").html
        #expect(html.contains("footnote"))
        #expect(!html.contains("Back to"))
    }

    @Test func excerptSkipsHeadingsAndQuotes() {
        let result = MarkdownRenderer.render("# Заголовок\n\n> цитата\n\nПервый абзац.\n\nВторой.")
        #expect(result.excerptText == "Первый абзац.")
    }

    /// cmark-gfm's extension table is process-global: renders on many tasks at once must equal
    /// their serial renders (without the frozen table or the lock, strikethrough and autolinks get lost).
    @Test func parallelRendersMatchSerial() async {
        let documents = (0..<64).map { i in
            "## Раздел \(i)\n\n~~зачёркнуто \(i)~~ и www.example\(i).org, `код`\n\n| a | b |\n|---|---|\n| \(i) | x |\n\n- [ ] задача \(i)\n"
        }
        let serial = documents.map { MarkdownRenderer.render($0) }
        for _ in 0..<20 {
            let parallel = await withTaskGroup(of: (Int, RenderedMarkdown).self) { group in
                for (i, doc) in documents.enumerated() {
                    group.addTask { (i, MarkdownRenderer.render(doc)) }
                }
                var results = [RenderedMarkdown?](repeating: nil, count: documents.count)
                for await (i, result) in group { results[i] = result }
                return results
            }
            #expect(parallel == serial.map { Optional($0) })
        }
    }

    /// cmark-gfm's table of inline special characters is frozen (CCmarkFrozenCharacters), so parsers finish on
    /// several threads at once without a lock, and no document loses its strikethrough or autolinks to a
    /// parser finishing beside it. (With the freeze switched off and no lock, this failed: documents came out
    /// with `~~` and bare addresses.)
    @Test func parsersFinishSideBySideWithoutLosingExtensions() async {
        #expect(MarkdownRenderer.finishesConcurrently, "Debian's cmark-gfm calls the table function through its PLT")
        let documents = (0..<300).map { i in
            MarkdownInput(Substring(String(repeating: "Текст ~~старое \(i)~~ и www.example\(i).org, ещё *слово*.\n\n", count: 1 + i % 7)))
        }
        let batches = await withTaskGroup(of: [RenderedMarkdown].self) { group in
            for _ in 0..<8 { group.addTask { MarkdownRenderer.renderAll(documents) } }
            var all: [[RenderedMarkdown]] = []
            for await batch in group { all.append(batch) }
            return all
        }
        var damaged = 0
        for batch in batches {
            for (i, result) in batch.enumerated() {
                let html = result.html
                if html.contains("~~") || !html.contains("<del>старое \(i)</del>")
                    || !html.contains("<a href=\"http://www.example\(i).org\">") { damaged += 1 }
            }
        }
        #expect(damaged == 0)
    }

    /// `renderAll` gives each document what `render` gives it, in input order, also when several tasks run it
    /// at once.
    @Test func renderAllMatchesOneByOne() async {
        let texts = (0..<40).map { i in
            "# Заголовок \(i)\n\n~~старое~~ и www.example\(i).org\n\n" + String(repeating: "Абзац \(i). ", count: i)
        }
        // Every other one given as bytes, as content files' bodies are.
        let documents = texts.enumerated().map { i, text in
            i % 2 == 0 ? MarkdownInput(Substring(text), firstLine: i + 1) : MarkdownInput(validUTF8: Array(text.utf8)[...], firstLine: i + 1)
        }
        let single = texts.enumerated().map { MarkdownRenderer.render(Substring($1), firstLine: $0 + 1) }
        #expect(MarkdownRenderer.renderAll([]).isEmpty)
        #expect(MarkdownRenderer.renderAll(documents) == single)
        let batches = await withTaskGroup(of: (Int, [RenderedMarkdown]).self) { group in
            for k in 0..<8 { group.addTask { (k, MarkdownRenderer.renderAll(documents)) } }
            var all: [[RenderedMarkdown]] = Array(repeating: [], count: 8)
            for await (k, batch) in group { all[k] = batch }
            return all
        }
        for batch in batches { #expect(batch == single) }
    }
}
