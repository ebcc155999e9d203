import ArgumentParser
import Foundation
import Huizong
import HuizongPortal

/// `huizong serve` (PRODUCT §13): the portal where units check and submit returns and the office reviews.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "网上报送：在浏览器中检查、报送和审核报表。Serve the portal: check, submit and review returns in a browser.",
        discussion: "账户用 huizong accounts 管理。Accounts are kept with huizong accounts. Ctrl-C 停止 stops it."
    )

    @Option(name: .long, help: "监听地址 HOST:PORT（默认 127.0.0.1:8080；端口 0 由系统选择）。Address to listen on.")
    var listen = "127.0.0.1:8080"

    @Option(name: .long, help: "TLS 证书链 PEM 文件，与 --tls-key 一起使用：只以 HTTPS 服务。PEM certificate chain; with --tls-key, serve HTTPS only.")
    var tlsCert: String?

    @Option(name: .long, help: "TLS 私钥 PEM 文件，与 --tls-cert 一起使用。PEM private key, with --tls-cert.")
    var tlsKey: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        _ = try address()
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert 与 --tls-key 须一起给出。Give --tls-cert and --tls-key together.")
        }
    }

    func run() throws {
        let (host, port) = try address()
        let lang = common.lang
        let tls = try tlsFiles()
        let server = try PortalServer(workspace: try common.workspace(), language: lang, tls: tls)
        let scheme = tls == nil ? "http" : "https"
        let outcome = ServeOutcome()
        Task {
            do {
                try await server.run(host: host, port: port) { bound in
                    let line = lang == .zh ? "网上报送已启动：\(scheme)://\(host):\(bound)/ （Ctrl-C 停止）\n"
                        : "The portal is serving at \(scheme)://\(host):\(bound)/ (Ctrl-C stops it)\n"
                    FileHandle.standardOutput.write(Data(line.utf8))
                }
            } catch {
                outcome.failure = String(describing: error)
            }
            outcome.done.signal()
        }
        outcome.done.wait()
        if let failure = outcome.failure {
            printError(lang == .zh ? "网上报送未能启动或意外停止：\(failure)" : "The portal could not start or stopped: \(failure)")
            throw ExitCode(ExitStatus.problems)
        }
    }

    /// The certificate and key of `--tls-cert` and `--tls-key`, read; nil without them.
    private func tlsFiles() throws -> PortalTLS? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            return try PortalTLS(certificateFile: tlsCert, keyFile: tlsKey)
        } catch let error as PortalTLSFailure {
            printError(error.message(common.lang))
            throw ExitCode(ExitStatus.problems)
        }
    }

    private func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port),
              colon != listen.startIndex else {
            throw ValidationError("--listen 须写成 HOST:PORT，例如 127.0.0.1:8080。Give --listen as HOST:PORT.")
        }
        return (String(listen[..<colon]), port)
    }
}

/// How the server's task ended, for the command's thread that waits on it.
private final class ServeOutcome: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    var failure: String?
}
