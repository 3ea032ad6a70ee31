import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaMarkdown
import PraktikaModel
import PraktikaText
import Testing

@Suite struct RegionRegistryTests {
    let registry = RegionRegistry.shared

    @Test func has89SubjectsWithUniqueCodesNamesAndSlugs() {
        #expect(registry.all.count == 89)
        #expect(Set(registry.all.map(\.id)).count == 89)
        #expect(registry.all.map(\.id.code) == Array(1...89))
        #expect(Set(registry.all.map(\.name)).count == 89)
        #expect(Set(registry.all.map(\.slug)).count == 89)
    }

    @Test func kindsMatchTheConstitution() {
        let counts = Dictionary(grouping: registry.all, by: \.kind).mapValues(\.count)
        #expect(counts[.republic] == 24)
        #expect(counts[.krai] == 9)
        #expect(counts[.oblast] == 48)
        #expect(counts[.federalCity] == 3)
        #expect(counts[.autonomousOblast] == 1)
        #expect(counts[.autonomousOkrug] == 4)
    }

    @Test func everyDistrictHasItsRegions() {
        let expected: [FederalDistrict: Int] = [
            .central: 18, .northwestern: 11, .southern: 12, .northCaucasian: 7, .volga: 14, .ural: 6,
            .siberian: 10, .farEastern: 11,
        ]
        for district in FederalDistrict.allCases {
            #expect(registry.regions(in: district).count == expected[district], "\(district.name)")
        }
        #expect(registry.region(named: "Тюменская область")?.district == .ural)
        #expect(registry.region(named: "Белгородская область")?.district == .central)
        #expect(registry.region(named: "Республика Коми")?.district == .northwestern)
    }

    @Test func everyNameAndAliasResolvesToItsRegion() {
        for region in registry.all {
            #expect(registry.region(named: region.name)?.id == region.id, "\(region.name)")
            #expect(registry.region(slug: region.slug)?.id == region.id)
            for alias in region.aliases {
                #expect(registry.region(named: alias)?.id == region.id, "\(alias) → \(region.name)")
            }
        }
    }

    @Test(arguments: [
        ("Тюменская обл.", "Тюменская область"), ("тюменская  ОБЛАСТЬ", "Тюменская область"),
        ("Москва", "Москва"), ("г. Москва", "Москва"), ("Якутия", "Республика Саха (Якутия)"),
        ("ХМАО", "Ханты-Мансийский автономный округ — Югра"),
        ("Ханты-Мансийский автономный округ - Югра", "Ханты-Мансийский автономный округ — Югра"),
        ("Чувашия", "Чувашская Республика"), ("Республика Северная Осетия – Алания", "Республика Северная Осетия — Алания"),
        ("Орловская область", "Орловская область"), ("Кемеровская область", "Кемеровская область — Кузбасс"),
        ("Коми", "Республика Коми"), ("Марий Эл", "Республика Марий Эл"),
    ])
    func aliases(input: String, expected: String) {
        #expect(registry.region(named: input)?.name == expected)
    }

    /// Every region name the benchmark corpus writes resolves.
    @Test func corpusNamesResolve() {
        for name in ["г. Санкт-Петербург", "г. Севастополь", "Ханты-Мансийский автономный округ — Югра",
                     "Республика Северная Осетия — Алания", "Донецкая Народная Республика", "Запорожская область"] {
            #expect(registry.region(named: name) != nil, "\(name)")
        }
    }

    @Test func yoAndYeAreTheSame() {
        #expect(registry.region(named: "Орловская область") != nil)
        #expect(registry.region(named: "Республика Марий Эл")?.id == registry.region(named: "республика марий эл")?.id)
    }

    @Test(arguments: [
        ("Тюменская область", "Тюменской области", "в Тюменской области"),
        ("Владимирская область", "Владимирской области", "во Владимирской области"),
        ("Волгоградская область", "Волгоградской области", "в Волгоградской области"),
        ("Алтайский край", "Алтайского края", "в Алтайском крае"),
        ("Республика Коми", "Республики Коми", "в Республике Коми"),
        ("Чувашская Республика", "Чувашской Республики", "в Чувашской Республике"),
        ("Ненецкий автономный округ", "Ненецкого автономного округа", "в Ненецком автономном округе"),
        ("Москва", "Москвы", "в Москве"),
        ("Еврейская автономная область", "Еврейской автономной области", "в Еврейской автономной области"),
    ])
    func nameForms(name: String, genitive: String, inPhrase: String) throws {
        let region = try #require(registry.region(named: name))
        #expect(region.genitive == genitive)
        #expect(region.inPhrase == inPhrase)
    }

    @Test func suggestsTheClosestName() {
        #expect(registry.suggestion(for: "Тюменская облость")?.name == "Тюменская область")
        #expect(registry.suggestion(for: "Тюменьская обл")?.name == "Тюменская область")
        #expect(registry.suggestion(for: "Атлантида") == nil)
    }
}
