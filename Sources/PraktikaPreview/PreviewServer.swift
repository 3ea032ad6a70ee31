import Foundation
import Hummingbird
import Logging
import PraktikaBuild
import PraktikaDiagnostics

/// `praktika serve` as a library: the session, the watcher and the HTTP server together.
public enum PreviewServer {
    /// A failure to start, said in Russian with what to do.
    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The HTTP application over a store; `onRunning` receives the bound port (tests bind port 0).
    public static func makeApplication(
        store: PreviewStore, host: String, port: Int,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "praktika")
        logger.logLevel = .critical
        return Application(
            responder: PreviewResponder(store: store),
            configuration: .init(address: .hostname(host, port: port), serverName: "praktika"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Builds, serves and rebuilds until Ctrl-C or SIGTERM.
    /// - Parameters:
    ///   - options: The site (its `base_url` is replaced by the server's address).
    ///   - log: Receives a line per rebuild and the diagnostics.
    public static func run(
        options: Builder.Options, host: String, port: Int,
        log: @escaping @Sendable (String, DiagnosticReport) -> Void,
        onRunning: @escaping @Sendable (String) async -> Void
    ) async throws {
        let address = "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/"
        var options = options
        options.baseURL = address
        let store = PreviewStore()
        let session = PreviewSession(options: options, store: store, log: log)
        await session.rebuild(reason: "запуск")
        let app = makeApplication(store: store, host: host, port: port) { _ in await onRunning(address) }
        let watcher = Task { await session.watch() }
        let heartbeat = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(15))
                await store.heartbeat()
            }
        }
        defer {
            watcher.cancel()
            heartbeat.cancel()
        }
        do {
            try await app.runService()
        } catch {
            let text = String(describing: error)
            if text.contains("in use") || text.contains("errno: 98") || text.contains("EADDRINUSE") {
                throw StartError(description: "порт \(port) занят другой программой; запустите, например, с --port \(port + 1)")
            }
            throw StartError(description: "не удалось запустить сервер на \(host):\(port): \(text)")
        }
    }
}
