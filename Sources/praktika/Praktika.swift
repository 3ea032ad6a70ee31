import ArgumentParser

/// The `praktika` command: a thin front over PraktikaBuild.
struct Praktika: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "praktika",
        abstract: "Генератор портала лучших практик: проверка и сборка сайта из Content/ и Templates/.",
        subcommands: [BuildCommand.self, CheckCommand.self, ServeCommand.self, NewCommand.self, RegionsCommand.self])
}
