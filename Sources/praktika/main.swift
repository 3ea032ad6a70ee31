import ArgumentParser
import Foundation

/// Runs an async subcommand (`serve`); calling `run()` on the existential would pick the sync one.
func runAsync<Command: AsyncParsableCommand>(_ command: inout Command) async throws {
    try await command.run()
}

// Exit codes: 0 clean, 1 content errors (thrown as ExitCode(1)), 2 usage errors. ArgumentParser
// uses 64 (EX_USAGE) for usage errors; the documented contract is 2.
do {
    var command = try Praktika.parseAsRoot()
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
} catch {
    let code = Praktika.exitCode(for: error)
    if code.rawValue == 64 {
        printError(Praktika.fullMessage(for: error))
        exit(2)
    }
    Praktika.exit(withError: error)
}

/// Keeps `value` alive until the process exits. Freeing the model of a big site (hundreds of thousands
/// of strings and arrays) takes a tenth of a second at 10,000 practices and helps nobody when the
/// process ends right after; compilers skip that teardown the same way (clang's `-disable-free`).
func keepUntilExit<Value>(_ value: Value) {
    _ = Unmanaged.passRetained(KeptValue(value))
}

private final class KeptValue<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}
