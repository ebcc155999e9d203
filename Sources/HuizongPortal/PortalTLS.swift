import Foundation
import Huizong
import HummingbirdTLS

/// The certificate chain and private key `huizong serve --tls-cert --tls-key` answers HTTPS with,
/// read from PEM files before the server starts.
public struct PortalTLS: Sendable {
    let configuration: TLSConfiguration

    /// - Throws: `PortalTLSFailure` naming the file that is missing, unreadable or not PEM.
    public init(certificateFile: String, keyFile: String) throws {
        let chain = try Self.read(certificateFile, .certificate) { try NIOSSLCertificate.fromPEMFile($0) }
        guard !chain.isEmpty else { throw PortalTLSFailure.notPEM(.certificate, certificateFile) }
        let key = try Self.read(keyFile, .key) { try NIOSSLPrivateKey(file: $0, format: .pem) }
        configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                 privateKey: .privateKey(key))
    }

    private static func read<T>(_ file: String, _ kind: PortalTLSFailure.Kind, _ load: (String) throws -> T) throws -> T {
        guard FileManager.default.isReadableFile(atPath: file) else { throw PortalTLSFailure.unreadable(kind, file) }
        do {
            return try load(file)
        } catch {
            throw PortalTLSFailure.notPEM(kind, file)
        }
    }
}

/// Why the certificate or the key of `--tls-cert`/`--tls-key` could not be used.
public enum PortalTLSFailure: Error, Sendable {
    public enum Kind: Sendable {
        case certificate, key

        func name(_ zh: Bool) -> String {
            switch self {
            case .certificate: zh ? "证书" : "certificate"
            case .key: zh ? "私钥" : "private key"
            }
        }
    }

    case unreadable(Kind, String)
    case notPEM(Kind, String)

    public func message(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .unreadable(let kind, let file):
            return zh ? "无法读取 TLS \(kind.name(zh))文件“\(file)”：文件不存在或没有读取权限。"
                : "Cannot read the TLS \(kind.name(zh)) file “\(file)”: it is missing or not readable."
        case .notPEM(let kind, let file):
            return zh ? "TLS \(kind.name(zh))文件“\(file)”不是有效的 PEM 格式。"
                : "The TLS \(kind.name(zh)) file “\(file)” does not hold a valid PEM \(kind.name(zh))."
        }
    }
}
