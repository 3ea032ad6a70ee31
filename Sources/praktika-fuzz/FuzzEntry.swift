import Foundation
import PraktikaMarkdown
import PraktikaModel

/// Feeds arbitrary bytes through the front-matter splitter, YAML decoding, the linker and the
/// Markdown wrapper, as a practice file and as a forum file.
enum FuzzHarness {
    static let config = SourceFile(path: "site.yml", text: "title: Ф\nbase_url: https://example.org/\n")

    static func run(_ bytes: [UInt8]) {
        _ = PortalLoader.load([config, SourceFile(path: "practices/fuzz.md", bytes: bytes)])
        _ = PortalLoader.load([config, SourceFile(path: "forums/fuzz.md", bytes: bytes)])
        _ = MarkdownRenderer.render(String(decoding: bytes, as: UTF8.self))
    }
}

#if FUZZING
/// The function libFuzzer calls with each input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

/// libFuzzer's driver, for programs that have their own `main` (SwiftPM gives every executable one).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt
#endif

/// `make fuzz` builds this with `-sanitize=fuzzer,address -DFUZZING` and it fuzzes; built normally
/// it replays the files given as arguments (a crash corpus, say) through the same harness.
@main
struct FuzzMain {
    static func main() {
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzOneInput))
        #else
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            FuzzHarness.run(Array(data))
            print("ok \(path)")
        }
        #endif
    }
}
