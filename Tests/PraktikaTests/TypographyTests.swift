import PraktikaMarkdown
import PraktikaText
import Testing

@Suite struct TypographyTests {
    static let nbsp = "\u{00A0}"

    @Test(arguments: [
        ("\"Вместе\" - ради детей", "«Вместе»\u{00A0}— ради детей"),
        ("Проект \"Дом \"Ласточка\" для семей\"", "Проект «Дом „Ласточка“ для семей»"),
        ("работа в регионе и на форуме", "работа в\u{00A0}регионе и\u{00A0}на\u{00A0}форуме"),
        // Short words of ё, Ё and Latin letters (read on the letters' fast path) are glued too; longer ones not.
        ("ёж и Ёлка, A to B, ЁЖИК и", "ёж\u{00A0}и\u{00A0}Ёлка, A\u{00A0}to\u{00A0}B, ЁЖИК и"),
        ("в 2020 году, 15 % семей, № 5", "в\u{00A0}2020\u{00A0}году, 15\u{00A0}% семей, №\u{00A0}5"),
        ("слово -- слово – слово — слово", "слово\u{00A0}— слово\u{00A0}— слово\u{00A0}— слово"),
        ("дом-интернат и 2020-2021", "дом-интернат и\u{00A0}2020-2021"),
        ("(\"цитата\")", "(«цитата»)"),
        ("", ""),
    ])
    func typesets(input: String, expected: String) {
        #expect(RussianTypography.apply(input) == expected)
    }

    @Test func isIdempotent() {
        // Deterministic pseudo-random strings over the characters the rules look at.
        let alphabet = Array("аб в ия 12 \"-–—«»„“ №%.(A\u{00A0}")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3_000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 60) + 3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            let once = RussianTypography.apply(text)
            #expect(RussianTypography.apply(once) == once, "«\(text)» → «\(once)»")
        }
    }

    /// The state carries across the text nodes of one block, also through runs the typographer skips
    /// without reading letter by letter: a word split over nodes counts as one word.
    @Test(arguments: [
        (["ab", "c регионе"], ["ab", "c регионе"]),  // «abc»: three letters, no glue
        (["a", "b регионе"], ["a", "b\u{00A0}регионе"]),  // «ab»: two letters, glued
        (["в", " регионе"], ["в", "\u{00A0}регионе"]),
        (["сло", "во", " в регионе"], ["сло", "во", " в\u{00A0}регионе"]),
        (["№", " 5"], ["№", "\u{00A0}5"]),
        (["2020", " г."], ["2020", "\u{00A0}г."]),
        (["слово (", "\"цитата\")"], ["слово (", "«цитата»)"]),
    ])
    func stateCarriesAcrossNodes(pieces: [String], expected: [String]) {
        var typography = RussianTypography()
        #expect(pieces.map { typography.apply($0) } == expected)
    }

    @Test func markdownKeepsCodeAndURLsAsWritten() {
        let markdown = """
        Код `a - b "c"` и "цитата" - в тексте, ссылка https://example.org/a-b и [в "тексте"](https://example.org/).

            блок "кода" - как есть
        """
        let html = MarkdownRenderer.render(markdown, options: MarkdownOptions(typography: true)).html
        #expect(html.contains("<code>a - b &quot;c&quot;</code>"))
        #expect(html.contains("«цитата»\u{00A0}— в\u{00A0}тексте"))
        #expect(html.contains(">https://example.org/a-b</a>"))
        #expect(html.contains(">в\u{00A0}«тексте»</a>"))
        #expect(html.contains("блок &quot;кода&quot; - как есть"))
        let plain = MarkdownRenderer.render(markdown, options: MarkdownOptions(typography: false)).html
        #expect(plain.contains("&quot;цитата&quot; - в тексте"))
    }

    @Test func quotesCloseAcrossEmphasis() {
        let html = MarkdownRenderer.render("\"Проект **Семья**\" работает", options: MarkdownOptions(typography: true)).html
        #expect(html.contains("«Проект <strong>Семья</strong>» работает"))
    }

    /// Typography and collecting share one walk of the tree: what reads a node's text (a heading's id and
    /// title, a link's text, the excerpt, the search text) must read it typeset, links stay in document
    /// order, and a root-relative URL is moved under the base path only after the autolink test of its text.
    @Test func headingsLinksAndExcerptReadTypesetText() {
        let markdown = """
        ## Он сказал "да" в зале

        Абзац "в кавычках" и [в "ссылке"](/a/) и [![фото "дома"](i.png)](/b/) и [/c/](/c/).
        """
        let result = MarkdownRenderer.render(markdown, options: MarkdownOptions(basePath: "/p/", typography: true))
        #expect(result.headings.map(\.text) == ["Он\u{00A0}сказал «да» в\u{00A0}зале"])
        #expect(result.excerptText.hasPrefix("Абзац «в\u{00A0}кавычках»"))
        #expect(result.links == [
            .init(kind: .link, destination: "/a/", text: "в\u{00A0}«ссылке»", line: 3),
            .init(kind: .link, destination: "/b/", text: "фото «дома»", line: 3),
            .init(kind: .image, destination: "i.png", text: "фото «дома»", line: 3),
            .init(kind: .link, destination: "/c/", text: "/c/", line: 3),
        ])
        #expect(result.html.contains("<a href=\"/p/a/\">в\u{00A0}«ссылке»</a>"))
        #expect(result.html.contains("<a href=\"/p/c/\">/c/</a>"))
        let text = String(decoding: result.plainTextUTF8, as: UTF8.self)
        #expect(text.contains("сказал «да» в\u{00A0}зале"))
        #expect(text.contains("Абзац «в\u{00A0}кавычках»"))
    }
}
