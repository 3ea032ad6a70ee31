@testable import PraktikaBuild
import PropertyBased
import Testing

/// The link checker reads ordinary `http(s)` addresses from their bytes and leaves the rest to Foundation's
/// `URL(string:)`; wherever the byte path answers, it must answer as Foundation does.
@Suite struct WebAddressTests {
    static let pieces = [
        "https://", "http://", "HTTPS://", "example.org", "фонд.рф", "localhost", "LocalHost", "a", "-", ".", "..",
        "/", "?", "#", "##", ":", ":8080", ":", "@", "user@", "%20", "%2", "%zz", "[", "]", "[::1]", " ", "_", "~",
        "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", "0", "9", "x", "путь", "\\", "|", "^", "{", "`",
    ]

    @Test func bytePathAgreesWithFoundation() async {
        let address = Gen<String?>.element(of: Self.pieces).map { $0 ?? "" }.array(of: 1...8).map { $0.joined() }
        await propertyCheck(count: 3000, input: address) { piecesJoined in
            for address in ["https://" + piecesJoined, piecesJoined] {
                guard let fast = LinkChecker.plainWebAddressHasHost(address) else { continue }
                #expect(fast == LinkChecker.foundationWebAddressHasHost(address), "\(address)")
            }
        }
    }

    @Test func ordinaryAddressesTakeTheBytePath() {
        let answers: [(String, Bool)] = [
            ("https://example.org", true),
            ("https://fond-detyam.example/materials/9616", true),
            ("http://localhost:8000/practices/", true),
            ("https://www.tyumen.ru/a/b?x=1&y=%D0%B0#top", true),
            ("https://", false),
            ("https://example/", false),
            ("http://:80/", false),
        ]
        for (address, expected) in answers {
            #expect(LinkChecker.plainWebAddressHasHost(address) == expected, "\(address)")
            #expect(LinkChecker.foundationWebAddressHasHost(address) == expected, "\(address)")
        }
        // Left to Foundation: non-ASCII, spaces, user info, brackets.
        for address in ["https://фонд.рф/", "https://exa mple.org", "https://user@example.org", "http://[::1]/"] {
            #expect(LinkChecker.plainWebAddressHasHost(address) == nil, "\(address)")
        }
    }

    /// An absolute path already in normal form is its own resolution; every other path goes segment by
    /// segment. Both ways must give the same answer for any path, from any route.
    @Test func normalPathsResolveAsBySegments() async {
        let segments = ["", ".", "..", "...", "a", "практики", ".a", "a.", "index.html", "x y"]
        let path = Gen<String?>.element(of: segments).map { $0 ?? "" }.array(of: 0...5).map { $0.joined(separator: "/") }
        await propertyCheck(count: 3000, input: path, Gen<String?>.element(of: ["/", "/practices/a/", "/news/"])) { body, route in
            let route = route ?? "/"
            for candidate in [body, "/" + body, "/" + body + "/", body + "/"] {
                #expect(LinkChecker.resolve(candidate, from: route) == LinkChecker.resolveBySegments(candidate, from: route),
                        "\(candidate) from \(route)")
            }
        }
        #expect(LinkChecker.isNormalAbsolute("/practices/a/"))
        #expect(LinkChecker.isNormalAbsolute("/"))
        for path in ["practices/a/", "/practices//a/", "/practices/./a/", "/practices/../a", "//example.org/", "/a/.."] {
            #expect(!LinkChecker.isNormalAbsolute(path), "\(path)")
        }
    }
}
