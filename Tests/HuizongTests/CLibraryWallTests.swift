import Foundation
import HuizongTestSupport
import Testing

/// Each C library sits behind one file that turns its result codes into Swift errors, and the store
/// of record is the only user of GRDB; this reads the sources to keep it so.
@Suite struct CLibraryWallTests {
    /// The library's Swift files, by path relative to `Sources/Huizong`, with their text.
    static let sources: [(path: String, text: String)] = {
        let root = TestSupport.repositoryRoot + "/Sources/Huizong"
        let paths = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return paths.filter { $0.hasSuffix(".swift") }.sorted().compactMap { path in
            (try? String(contentsOfFile: root + "/" + path, encoding: .utf8)).map { (path, $0) }
        }
    }()

    static func files(containing needle: String) -> [String] {
        sources.filter { $0.text.contains(needle) }.map(\.path)
    }

    @Test func eachCModuleIsImportedPrivatelyByOneFile() {
        #expect(!Self.sources.isEmpty)
        #expect(Self.files(containing: "import CExpat") == ["Formats/XML/ExpatParser.swift"])
        #expect(Self.files(containing: "private import CExpat") == ["Formats/XML/ExpatParser.swift"])
        #expect(Self.files(containing: "import CZlibDeflate") == ["Outbox/XLSX/Deflater.swift"])
        #expect(Self.files(containing: "private import CZlibDeflate") == ["Outbox/XLSX/Deflater.swift"])
    }

    /// iconv comes with the C library, which other files import too, so only its calls can be checked.
    @Test func onlyTheTranscoderCallsIconv() {
        #expect(Self.files(containing: "iconv_open(") == ["Formats/Encoding/Transcoder.swift"])
        #expect(Self.files(containing: "iconv(") == ["Formats/Encoding/Transcoder.swift"])
    }

    @Test func onlyTheStoreImportsGRDB() {
        #expect(Self.files(containing: "import GRDB").allSatisfy { $0.hasPrefix("Store/") })
    }
}
