import Foundation
import Testing

/// The command line as CI uses it: exit codes and output formats, running the built binary.
@Suite struct CLITests {
    static let binary = TestSupport.repositoryRoot + "/.build/debug/praktika"

    static func run(_ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func exitCodes() throws {
        let fixtures = TestSupport.fixtures
        #expect(try Self.run(["check", "--root", fixtures + "/valid"]).code == 0)
        let bad = try Self.run(["check", "--root", fixtures + "/invalid-unknown-region"])
        #expect(bad.code == 1)
        #expect(bad.stderr.contains("error[unknown-region]: practices/typo-region.md:3:9:"))
        #expect(bad.stderr.contains("возможно, вы имели в виду «Тюменская область»?"))
        #expect(try Self.run(["check", "--no-such-flag"]).code == 2)
        #expect(try Self.run(["build", "--jobs", "0"]).code == 2)
        #expect(try Self.run(["check", "--root", fixtures + "/warning-unknown-key"]).code == 0)
        #expect(try Self.run(["check", "--root", fixtures + "/warning-unknown-key", "--strict"]).code == 1)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func machineReadableFormats() throws {
        let root = TestSupport.fixtures + "/invalid-unknown-region"
        let json = try Self.run(["check", "--root", root, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["code"] as? String == "unknown-region")
        #expect(object?["line"] as? Int == 3)
        let github = try Self.run(["check", "--root", root, "--format", "github"])
        #expect(github.stdout.hasPrefix("::error file="))
        #expect(github.stdout.contains("Content/practices/typo-region.md,line=3,col=9,title=unknown-region::"))
    }

    /// mimalloc must really replace malloc (a build spends a fifth of its CPU in the allocator).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func runsOnMimalloc() throws {
        let result = try Self.run(["check", "--root", TestSupport.fixtures + "/valid", "--timings"])
        #expect(result.code == 0)
        #expect(result.stderr.contains("malloc: mimalloc 2."))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary)))
    func regionsRegistry() throws {
        let result = try Self.run(["regions", "--json"])
        let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(list?.count == 89)
        #expect(list?.first?["name"] as? String == "Республика Адыгея")
    }
}
