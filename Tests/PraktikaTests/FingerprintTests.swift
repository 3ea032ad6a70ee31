@testable import PraktikaBuild
import Testing

/// `Fingerprint` keys cached pages: equal view models must hash equal (in any entry order, shared or not),
/// and any change must show.
@Suite struct FingerprintTests {
    static func page(_ card: ViewValue, title: String = "Семья") -> ViewValue {
        .context(["title": .string(title), "cards": .items([card, card]), "count": .int(2)])
    }

    static func card(_ html: String) -> ViewValue { .context(["html": .utf8(Array(html.utf8))]) }

    @Test func aSharedBoxHashesLikeAFreshCopyAndKeepsBoxesApart() {
        let shared = Self.card("<p>одна</p>")
        let first = Fingerprint.of(Self.page(shared), seed: 7, template: "main")
        // The shared box's digest is kept now: a second page with it, and a page with an equal fresh box, agree.
        #expect(Fingerprint.of(Self.page(shared), seed: 7, template: "main") == first)
        #expect(Fingerprint.of(Self.page(Self.card("<p>одна</p>")), seed: 7, template: "main") == first)
        // Another box is not taken for the one hashed before.
        #expect(Fingerprint.of(Self.page(Self.card("<p>другая</p>")), seed: 7, template: "main") != first)
        #expect(Fingerprint.of(Self.page(shared, title: "Дети"), seed: 7, template: "main") != first)
        #expect(Fingerprint.of(Self.page(shared), seed: 8, template: "main") != first)
        #expect(Fingerprint.of(Self.page(shared), seed: 7, template: "other") != first)
    }

    @Test func entryOrderDoesNotMatterButNamesAndKindsDo() {
        let ab: ViewContext = ["a": .int(1), "b": .string("x")]
        let ba: ViewContext = ["b": .string("x"), "a": .int(1)]
        #expect(Fingerprint.digest(.context(ab)) == Fingerprint.digest(.context(ba)))
        // The same values under swapped names.
        #expect(Fingerprint.digest(.context(["a": .int(1), "b": .int(2)]))
                != Fingerprint.digest(.context(["a": .int(2), "b": .int(1)])))
        let kinds: [ViewValue] = [.int(1), .bool(true), .string("1"), .string(""), .bool(false), .int(0),
                                  .items([]), .context([:]), .items([.int(1)]), .context(["": .int(1)])]
        #expect(Set(kinds.map(Fingerprint.digest)).count == kinds.count)
    }

    @Test func listOrderMattersAndNestedChangesShow() {
        let one = Self.card("1"), two = Self.card("2")
        #expect(Fingerprint.digest(.items([one, two])) != Fingerprint.digest(.items([two, one])))
        let deep = { (text: String) in ViewValue.context(["a": .items([.context(["b": .context(["c": .string(text)])])])]) }
        #expect(Fingerprint.digest(deep("ё")) == Fingerprint.digest(deep("ё")))
        #expect(Fingerprint.digest(deep("ё")) != Fingerprint.digest(deep("е")))
    }
}
