import Foundation
import Hummingbird

/// A return uploaded as the multipart field `file` (PRODUCT §13), its bytes in a private file.
///
/// The body is streamed to disk and counted as it comes: a declared length or a count over the
/// plan's `fileMB` (and room for the form around the file) is refused before the body is read
/// whole. The client's file name is kept only as text for the answer.
struct Upload {
    /// Room for the multipart headers and boundaries around the file's bytes.
    static let formOverhead = 64 * 1024

    /// The file's bytes; the caller removes it.
    let path: String
    /// The client's name for the file, made safe to show (`DisplayName`).
    let name: String

    enum Failure: Error {
        case tooLarge
        case notAForm
        case write(String)
    }

    static func receive(_ request: Request, limit: Int, folder: UploadFolder) async throws(Failure) -> Upload {
        let bodyLimit = limit + formOverhead
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > bodyLimit {
            throw .tooLarge
        }
        guard let contentType = request.headers[.contentType], let boundary = MultipartForm.boundary(contentType) else {
            throw .notAForm
        }
        let bodyPath = folder.newPath()
        defer { unlink(bodyPath) }
        try await save(request.body, to: bodyPath, limit: bodyLimit)
        guard let part = MultipartForm.filePart(path: bodyPath, boundary: boundary, field: "file") else { throw .notAForm }
        guard part.bytes.count <= limit else { throw .tooLarge }
        let path = folder.newPath()
        guard FileManager.default.createFile(atPath: path, contents: part.bytes, attributes: [.posixPermissions: 0o600]) else {
            throw .write(path)
        }
        return Upload(path: path, name: DisplayName.of(part.fileName))
    }

    /// Writes the body into a new file of mode 0600, stopping at the first byte over `limit`.
    private static func save(_ body: RequestBody, to path: String, limit: Int) async throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .write(path) }
        defer { close(descriptor) }
        var count = 0
        do {
            for try await buffer in body {
                count += buffer.readableBytes
                guard count <= limit else { throw Failure.tooLarge }
                let written = buffer.withUnsafeReadableBytes { write(descriptor, $0.baseAddress, $0.count) }
                guard written == buffer.readableBytes else { throw Failure.write(path) }
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .write(path)
        }
    }
}

/// A client's file name as the answers show it: the last part of any path, without control
/// characters (NUL among them), at most 100 characters with its extension kept.
enum DisplayName {
    static let longest = 100

    static func of(_ clientName: String?) -> String {
        let last = (clientName ?? "").split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let clean = String(String.UnicodeScalarView(last.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        guard !clean.isEmpty, clean != ".", clean != ".." else { return "upload" }
        guard clean.count > longest else { return clean }
        let dot = clean.lastIndex(of: ".")
        let ext = dot.map { String(clean[$0...]) }.flatMap { $0.count <= 10 ? $0 : nil } ?? ""
        return String(clean.prefix(longest - ext.count)) + ext
    }
}
