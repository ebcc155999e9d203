import Foundation

/// The checks that an OpenDocument package is a spreadsheet huizong can read, from its small parts.
extension WorkbookArchive {
    /// The media types of an OpenDocument spreadsheet and of its template (.ots).
    static let spreadsheetMediaTypes: Set<String> = [
        "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template",
    ]

    /// Checks the package's `mimetype` part, when it has one, and that its content is not encrypted.
    /// A package without `mimetype` is left to the content, which must hold `<office:spreadsheet>`.
    ///
    /// - Throws: `.corruptWorkbook` for another kind of OpenDocument (a text, a presentation) or a
    ///   zip that is no OpenDocument package; `.encryptedWorkbook` when the manifest says content.xml
    ///   is encrypted (a document saved with a password); `.workbookTooLarge`; problems of the
    ///   manifest's XML.
    func checkIsOpenDocumentSpreadsheet() throws(ReadProblem) {
        guard contains("content.xml") else {
            throw .corruptWorkbook(reason: contains("mimetype") ? "content.xml is missing" : "not an OpenDocument package")
        }
        if contains("mimetype") {
            var bytes = Data()
            try read("mimetype", maxBytes: limits.structurePartBytes) { (chunk: Data) throws(ReadProblem) in bytes += chunk }
            let mediaType = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard Self.spreadsheetMediaTypes.contains(mediaType) else {
                throw .corruptWorkbook(reason: "the package is “\(mediaType.prefix(100))”, not an OpenDocument spreadsheet")
            }
        }
        let manifest = "META-INF/manifest.xml"
        if contains(manifest) {
            let reader = ODSManifestReader()
            try parseXML(manifest, maxBytes: limits.structurePartBytes, with: reader)
            if reader.isEncrypted { throw .encryptedWorkbook }
        }
    }
}

/// Reads META-INF/manifest.xml for `<manifest:encryption-data>`, which the parts a password
/// protects have. It keeps nothing per element, so it needs no bound on their depth.
private final class ODSManifestReader: ExpatParserDelegate {
    private(set) var isEncrypted = false

    func parser(_ parser: ExpatParser, didStartElement name: XMLName, attributes: XMLAttributes) throws(ReadProblem) {
        if name.hasLocalName("encryption-data") { isEncrypted = true }
    }

    func parserDidEndElement(_ parser: ExpatParser) throws(ReadProblem) {}

    func parser(_ parser: ExpatParser, foundCharacters utf8: UnsafeBufferPointer<UInt8>) throws(ReadProblem) {}
}
