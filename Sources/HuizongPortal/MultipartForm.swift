import Foundation

/// Just enough of `multipart/form-data` (RFC 7578) to take one file field out of a saved body.
enum MultipartForm {
    /// The boundary of a `multipart/form-data` content type, if it is one.
    static func boundary(_ contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.first?.lowercased() == "multipart/form-data" else { return nil }
        for part in parts.dropFirst() where part.lowercased().hasPrefix("boundary=") {
            let value = part.dropFirst("boundary=".count)
            let unquoted = value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 ? value.dropFirst().dropLast() : value
            return unquoted.isEmpty || unquoted.count > 200 ? nil : String(unquoted)
        }
        return nil
    }

    /// The bytes and file name of the part named `field` in the body saved at `path`.
    static func filePart(path: String, boundary: String, field: String) -> (bytes: Data, fileName: String?)? {
        guard let body = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else { return nil }
        let delimiter = Data(("--" + boundary).utf8)
        let nextDelimiter = Data(("\r\n--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        guard var start = body.range(of: delimiter)?.upperBound else { return nil }
        while true {
            guard let headersEnd = body.range(of: headerEnd, in: start..<body.endIndex),
                  let contentEnd = body.range(of: nextDelimiter, in: headersEnd.upperBound..<body.endIndex) else { return nil }
            let headers = String(decoding: body[start..<headersEnd.lowerBound], as: UTF8.self)
            let disposition = headers.components(separatedBy: "\r\n")
                .first { $0.lowercased().hasPrefix("content-disposition:") } ?? ""
            if parameter("name", of: disposition) == field {
                return (body[headersEnd.upperBound..<contentEnd.lowerBound], parameter("filename", of: disposition))
            }
            start = contentEnd.upperBound
        }
    }

    /// A quoted parameter of a Content-Disposition header, e.g. `name="file"`.
    static func parameter(_ name: String, of header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces)
            guard pair.lowercased().hasPrefix(name + "=") else { continue }
            var value = pair.dropFirst(name.count + 1)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }
}
