/// Declension of region names for page text: «Тюменская область» → «Тюменской области», «в Тюменской области».
enum RegionNameForms {
    /// The genitive of an official name.
    static func genitive(_ name: String) -> String { decline(name, genitive: true) }

    /// The prepositional of an official name (without the preposition).
    static func prepositional(_ name: String) -> String { decline(name, genitive: false) }

    /// «в» or «во» before a word: «во» before в/ф followed by a consonant («во Владимирской»).
    static func preposition(before word: String) -> String {
        let letters = Array(word.lowercased().prefix(2))
        guard letters.count == 2, "вф".contains(letters[0]) else { return "в" }
        return "аеёиоуыэюя".contains(letters[1]) ? "в" : "во"
    }

    /// «Республика X» declines only its first word; «X Республика», «X область» decline every word.
    private static func decline(_ name: String, genitive: Bool) -> String {
        let words = name.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.first == "Республика" {
            return ([genitive ? "Республики" : "Республике"] + words.dropFirst()).joined(separator: " ")
        }
        return words.map { declineWord($0, genitive: genitive) }.joined(separator: " ")
    }

    private static func declineWord(_ word: String, genitive: Bool) -> String {
        switch word {
        case "область": return "области"
        case "край": return genitive ? "края" : "крае"
        case "округ": return genitive ? "округа" : "округе"
        case "Республика": return genitive ? "Республики" : "Республике"
        default: break
        }
        if word.hasSuffix("ая") { return String(word.dropLast(2)) + "ой" }
        if word.hasSuffix("ий") || word.hasSuffix("ый") { return String(word.dropLast(2)) + (genitive ? "ого" : "ом") }
        return word
    }
}
