import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText
import PropertyBased
import Testing

@Suite struct SlugTests {
    @Test(arguments: [
        ("Тюменская область", "tyumenskaya-oblast"),
        ("Щедрый жёлтый ёж", "shchedryy-zheltyy-ezh"),
        ("Хорошая цель: объём и сила!", "khoroshaya-tsel-obem-i-sila"),
        ("XI форум «Вместе – ради детей!» 2020", "xi-forum-vmeste-radi-detey-2020"),
        ("  --  ", ""),
        ("Республика Саха (Якутия)", "respublika-sakha-yakutiya"),
    ])
    func transliterates(input: String, expected: String) {
        #expect(Slug.make(input) == expected)
    }

    /// The fast scalar path agrees with the documented table, letter by letter, both cases.
    @Test func fastPathMatchesThePinnedTable() {
        for (letter, latin) in Slug.table {
            #expect(Slug.make("x" + String(letter) + "x") == "x" + latin + "x", "\(letter)")
            #expect(Slug.make("x" + String(letter).uppercased() + "x") == "x" + latin + "x", "\(letter)")
        }
        #expect(Slug.table.count == 33)
    }

    @Test func decomposedInputIsComposedFirst() {
        // «й» typed as и + U+0306.
        #expect(Slug.make("Сере\u{0438}\u{0306}") == "serey")
    }

    @Test func validity() {
        #expect(Slug.isValid("forum-2020"))
        for bad in ["", "../etc", "/abs", "Заглавная", "a b", "-x", "x-", "a--b", "A"] {
            #expect(!Slug.isValid(bad), "\(bad)")
        }
    }

    @Test func slugsAreIdempotentAndURLSafe() async {
        let alphabet = Array("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВЁЖ abcXYZ019-–—«»!?./\\ \t")
        await propertyCheck(count: 500, input: Gen<Character?>.element(of: alphabet).map { $0 ?? "a" }.string(of: 0...30)) { text in
            let slug = Slug.make(text)
            #expect(Slug.make(slug) == slug)
            #expect(slug.isEmpty || Slug.isValid(slug), "\(text) → \(slug)")
        }
    }

    @Test func uniqueSlugsCountUp() {
        var slugs = UniqueSlugs()
        #expect(slugs.make(for: "Итоги") == "itogi")
        #expect(slugs.make(for: "Итоги") == "itogi-2")
        #expect(slugs.make(for: "Итоги") == "itogi-3")
        #expect(slugs.make(for: "!!!") == "section")
    }

    /// Past the list's threshold the slugs move to a set: nothing handed out before may come back.
    @Test func uniqueSlugsStayUniqueOnLongPages() {
        var slugs = UniqueSlugs()
        var seen: Set<String> = []
        for i in 0..<(3 * UniqueSlugs.setThreshold) {
            // Titles that collide with earlier generated ones: «Итоги 2» is `itogi-2`, like the second «Итоги».
            for text in ["Итоги", "Итоги \(i % 5)", "Раздел \(i)"] {
                let slug = slugs.make(for: text)
                #expect(seen.insert(slug).inserted, "\(text) → \(slug) twice")
            }
        }
    }
}

@Suite struct PluralTests {
    @Test(arguments: [
        (0, "практик"), (1, "практика"), (2, "практики"), (4, "практики"), (5, "практик"), (11, "практик"),
        (12, "практик"), (14, "практик"), (21, "практика"), (22, "практики"), (25, "практик"), (101, "практика"),
        (111, "практик"), (1_000_000, "практик"),
    ])
    func forms(count: Int, expected: String) {
        #expect(RussianPlural.practice.form(for: count) == expected)
    }

    @Test func phraseUsesNoBreakSpace() {
        #expect(RussianPlural.region.phrase(3) == "3\u{00A0}региона")
    }
}

@Suite struct DateTests {
    private let nbsp = "\u{00A0}"

    @Test func parsesISO() {
        #expect(CalendarDate(iso: "2020-11-06") == CalendarDate(year: 2020, month: 11, day: 6))
        #expect(CalendarDate(iso: "2020") == CalendarDate(year: 2020))
        for bad in ["2020-02-30", "2021-02-29", "2020-13-01", "20-11-06", "2020-1-6", "сегодня", ""] {
            #expect(CalendarDate(iso: bad) == nil, "\(bad)")
        }
        #expect(CalendarDate(iso: "2024-02-29") != nil)
    }

    @Test func formatsSingleDates() throws {
        let date = try #require(CalendarDate(iso: "2020-11-06"))
        #expect(RussianDateFormat.format(date) == "6\(nbsp)ноября\(nbsp)2020\(nbsp)г.")
        #expect(RussianDateFormat.format(try #require(CalendarDate(iso: "2020"))) == "2020\(nbsp)г.")
    }

    @Test func formatsRanges() throws {
        func d(_ s: String) throws -> CalendarDate { try #require(CalendarDate(iso: s)) }
        #expect(RussianDateFormat.format(from: try d("2020-11-06"), to: try d("2020-11-13"))
            == "6–13\(nbsp)ноября\(nbsp)2020\(nbsp)г.")
        #expect(RussianDateFormat.format(from: try d("2020-10-30"), to: try d("2020-11-02"))
            == "30\(nbsp)октября – 2\(nbsp)ноября\(nbsp)2020\(nbsp)г.")
        #expect(RussianDateFormat.format(from: try d("2020-12-30"), to: try d("2021-01-02"))
            == "30\(nbsp)декабря\(nbsp)2020\(nbsp)г. – 2\(nbsp)января\(nbsp)2021\(nbsp)г.")
        #expect(RussianDateFormat.format(from: try d("2020-11-06"), to: nil) == "6\(nbsp)ноября\(nbsp)2020\(nbsp)г.")
    }
}

@Suite struct ClipTests {
    @Test func cutsAtTheLastSpaceThatFits() {
        #expect("короткий текст".clipped(to: 240) == "короткий текст")
        #expect("раз два три".clipped(to: 7) == "раз…")
        #expect("раздватри".clipped(to: 4) == "разд…")
        #expect("ёж ёж".clipped(to: 5) == "ёж ёж")
    }

    /// The scalar fast path gives what counting characters gives, also with combining marks, CR LF,
    /// emoji and other text that leaves the fast path part-way.
    @Test func scalarPathMatchesCharacters() async {
        let alphabet: [String] = ["а", "Ё", "я", "z", "Z", "1", " ", " ", "«", "»", "—", "…", "\n", "\r\n", "\r",
                                  "е\u{301}", "\u{301}", "👍🏽", "🇷🇺", "\u{200D}", "й", "и\u{306}", "\t", "№", "é", "e\u{301}", "ѐ"]
        let gen = Gen<String?>.element(of: alphabet).map { $0 ?? "а" }.array(of: 0...60).map { $0.joined() }
        await propertyCheck(count: 2000, input: gen, Gen<Int>.int(in: 0...40)) { text, limit in
            #expect(text.clipped(to: limit) == text.clippedByCharacters(to: limit), "\(Array(text.unicodeScalars)) \(limit)")
        }
    }
}

@Suite struct CollationTests {
    @Test func yoSortsWithYe() {
        let words = ["ёлка", "ель", "яблоко", "Ежевика", "еда", "жук", "Ёж", "абрикос"]
        let sorted = words.sortedRussian(by: { $0 })
        #expect(sorted == ["абрикос", "еда", "Ёж", "Ежевика", "ёлка", "ель", "жук", "яблоко"])
    }

    /// The in-place sort moves elements along the cycles of the permutation: every element ends where the
    /// keys put it, none is lost, duplicated or left with an extra reference (long cycles, fixed points, equal
    /// keys broken by code point order).
    @Test func sortRussianInPlaceMovesEveryElementOnce() {
        final class Item { let name: String; init(_ name: String) { self.name = name } }
        let names = (0..<200).map { i in ["ёж", "еж", "Яблоко", "жук", "Абрикос", "ель"][i % 6] + " \((i * 7919) % 200)" }
        var items = names.map(Item.init)
        items.sortRussian(names: names, keys: names.map(CollationKey.init))
        let expected = names.sorted { a, b in  // the order sortRussian documents, sorted the ordinary way
            let order = CollationKey.compare(CollationKey(a), CollationKey(b))
            return order != 0 ? order < 0 : a.precedesInCodePointOrder(b)
        }
        #expect(items.map(\.name) == expected)
        #expect(Set(items.map(ObjectIdentifier.init)).count == names.count)
        for i in items.indices { #expect(isKnownUniquelyReferenced(&items[i])) }
        var fixed = ["а", "б", "в"].map(Item.init)
        fixed.sortRussian(names: ["а", "б", "в"], keys: ["а", "б", "в"].map(CollationKey.init))
        #expect(fixed.map(\.name) == ["а", "б", "в"])
    }

    /// Our keys agree with Foundation's `ru_RU` comparison on portal-like names.
    @Test func agreesWithFoundationRussianLocale() {
        let words = [
            "Тюменская область", "Тверская область", "Республика Коми", "Республика Саха (Якутия)",
            "Ёлочная", "Елецкая", "Алтайский край", "Чувашская Республика", "Югра", "Ямало-Ненецкий автономный округ",
            "ёж", "еж", "Еж", "Ёж", "ежевика", "ёжик",
        ]
        let ours = words.sortedRussian(by: { $0 })
        let locale = Locale(identifier: "ru_RU")
        let foundation = words.sorted { $0.compare($1, locale: locale) == .orderedAscending }
        #expect(ours.map { $0.lowercased().replacingOccurrences(of: "ё", with: "е") }
            == foundation.map { $0.lowercased().replacingOccurrences(of: "ё", with: "е") })
    }

    /// The same on random words of both cases: a wrong lower-case mapping (a fast path that takes an
    /// upper-case letter for a lower-case one) orders them differently.
    /// Й is left out: Foundation on Linux compares it as И with a breve (a secondary difference), so it puts
    /// «й» before «ие»; Russian dictionaries, and `sortedRussian`, put Й after И as a letter of its own (tested
    /// below). With Й in the alphabet this test failed now and then, on whichever seed drew such a pair.
    @Test func agreesWithFoundationOnRandomWords() async {
        let alphabet = Array("абвгдеёжзиклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯabcxyzABCXYZ0189")
        let word = Gen<Character?>.element(of: alphabet).map { $0 ?? "а" }.string(of: 1...6)
        let locale = Locale(identifier: "ru_RU")
        await propertyCheck(count: 300, input: word.array(of: 2...8)) { words in
            let fold = { (w: String) in w.lowercased().replacingOccurrences(of: "ё", with: "е") }
            let ours = words.sortedRussian(by: { $0 }).map(fold)
            let foundation = words.sorted { $0.compare($1, locale: locale) == .orderedAscending }.map(fold)
            #expect(ours == foundation, "\(words)")
        }
    }

    /// Й is a letter of its own between И and К, whatever follows it.
    @Test func shortIIsALetterAfterI() {
        #expect(["йод", "Й", "иена", "ие", "кит", "ИЯ", "й"].sortedRussian(by: { $0 })
            == ["ие", "иена", "ИЯ", "й", "Й", "йод", "кит"])
    }

    /// The three-way comparison is antisymmetric and zero exactly for equal keys, prefixes included.
    @Test func threeWayComparisonIsConsistent() async {
        let alphabet = Array("аеёжяАЕЁЖЯab")
        let word = Gen<Character?>.element(of: alphabet).map { $0 ?? "а" }.string(of: 0...4)
        await propertyCheck(count: 500, input: word.array(of: 2...2)) { pair in
            let (a, b) = (CollationKey(pair[0]), CollationKey(pair[1]))
            let (ab, ba) = (CollationKey.compare(a, b), CollationKey.compare(b, a))
            #expect(ab.signum() == -ba.signum(), "\(pair)")
            #expect((ab == 0) == (a == b), "\(pair)")
            #expect((ab < 0) == (a < b) && (ba < 0) == (b < a), "\(pair)")
        }
        #expect(CollationKey.compare(CollationKey("еж"), CollationKey("ежевика")) < 0)
    }
}
