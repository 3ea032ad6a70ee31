import ArgumentParser
import Foundation
import PraktikaBuild
import PraktikaDiagnostics
import PraktikaModel

/// `praktika new practice "Название" --region "Тюменская область"`: a new content file with the right front matter.
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Создать файл практики, форума или новости с нужными полями.",
        discussion: "Пример: praktika new practice \"Школа приёмных родителей\" --region \"Тюменская область\"")

    @Argument(help: "Что создать: practice, forum или news.")
    var kind: String

    @Argument(help: "Название в кавычках.")
    var title: String

    @Option(name: .long, help: "Регион (для практики обязателен).")
    var region: String?

    @Option(name: .long, help: "Дата новости, ГГГГ-ММ-ДД (только из источника).")
    var date: String?

    @Option(name: .long, help: "Корень сайта (папка с Content/).")
    var root: String = "."

    func validate() throws {
        guard Scaffold.Kind(rawValue: kind) != nil else {
            throw ValidationError("неизвестный вид «\(kind)»: practice, forum или news")
        }
    }

    func run() throws {
        let file: Scaffold.File
        do {
            file = try Scaffold.make(Scaffold.Kind(rawValue: kind) ?? .practice, title: title, region: region, date: date)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let layout = SiteLayout(root: root)
        let path = layout.content + "/" + file.path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try Data(file.text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting)
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            printError(Diagnostic.error(
                exists ? "file-exists" : "write-failed", at: SourceLocation(file: path),
                exists ? "файл уже есть; он не перезаписан" : "не удалось записать файл: \(error.localizedDescription)",
                suggestion: exists ? "выберите другое название или откройте существующий файл" : nil).description)
            throw ExitCode(1)
        }
        print(path)
    }
}
