import ArgumentParser
import Foundation

// Exit codes: 0 clean, 1 content errors (thrown as ExitCode(1)), 2 usage errors. ArgumentParser
// uses 64 (EX_USAGE) for usage errors; the documented contract is 2.
do {
    var command = try Praktika.parseAsRoot()
    try command.run()
} catch {
    let code = Praktika.exitCode(for: error)
    if code.rawValue == 64 {
        printError(Praktika.fullMessage(for: error))
        exit(2)
    }
    Praktika.exit(withError: error)
}
