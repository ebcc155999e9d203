import Foundation
import HuizongTestSupport
import Testing

/// The layout shows the data flow (README, "Layout"): files are written whole or not at all, formats read, the inbox lists, the schema
/// describes, validation checks, the store merges and decides, the outbox writes, the run and the
/// terminal reports sit on top, and the audit replays them all. A folder may use the types of the
/// folders before it, never of one after it.
@Suite struct FolderLayoutTests {
    /// Upstream first; "" is the files at the top of the module (the workspace), between the checks
    /// and the store.
    static let flow = ["Files", "Formats", "Inbox", "Schema", "Validation", "", "Store", "Outbox", "Run", "Report", "Audit"]

    static let sources = TestSupport.repositoryRoot + "/Sources/Huizong"

    /// Each Swift file of the module, by its folder, with comments and string literals blanked.
    static func files() throws -> [(folder: String, path: String, code: String)] {
        let paths = try FileManager.default.subpathsOfDirectory(atPath: sources).filter { $0.hasSuffix(".swift") }.sorted()
        return try paths.map { path in
            let folder = path.contains("/") ? String(path.prefix { $0 != "/" }) : ""
            return (folder, path, code(of: try String(contentsOfFile: sources + "/" + path, encoding: .utf8)))
        }
    }

    /// `source` without its comments and the text of its string literals (interpolations kept).
    static func code(of source: String) -> String {
        var result = ""
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).makeIterator()
        var inBlock = false
        while let line = lines.next() {
            var text = Substring(line)
            if inBlock {
                guard let end = text.range(of: "\"\"\"") else { continue }
                text = text[end.upperBound...]
                inBlock = false
            }
            if text.trimmingCharacters(in: .whitespaces).hasSuffix("\"\"\""), text.components(separatedBy: "\"\"\"").count == 2 {
                inBlock = true
                text = text[..<text.range(of: "\"\"\"")!.lowerBound]
            }
            result += withoutStrings(text) + "\n"
        }
        return result
    }

    /// A line without its `//` comment and with the text of its one-line string literals dropped.
    static func withoutStrings(_ line: Substring) -> String {
        var out = ""
        var inString = false
        var depth = 0
        var previous: Character = " "
        for character in line {
            if !inString {
                if character == "/" && previous == "/" {
                    out.removeLast()
                    break
                }
                if character == "\"" { inString = true } else { out.append(character) }
            } else if depth > 0 {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if depth > 0 { out.append(character) }
            } else if character == "(" && previous == "\\" {
                depth = 1
                out.append(" ")
            } else if character == "\"" && previous != "\\" {
                inString = false
            }
            previous = character == "\\" && previous == "\\" ? " " : character
        }
        return out
    }

    @Test func noFolderUsesATypeOfAFolderDownstream() throws {
        let files = try Self.files()
        #expect(Set(files.map(\.folder)) == Set(Self.flow), "every folder has its place in the flow")
        let declaration = try Regex(#"(?m)^(?:(?:public|private|fileprivate|internal|final|indirect) )*(?:struct|enum|class|protocol|actor|typealias) (\w+)"#)
        var home: [String: Set<String>] = [:]
        for file in files {
            for match in file.code.matches(of: declaration) {
                if let name = match.output[1].substring { home[String(name), default: []].insert(file.folder) }
            }
        }
        let word = try Regex(#"\.?[A-Za-z_]\w*"#)
        var violations: [String] = []
        for file in files {
            guard let rank = Self.flow.firstIndex(of: file.folder) else { continue }
            // A name after a dot is a member or another module's type (ZIPFoundation.Archive).
            let used = Set(file.code.matches(of: word).map { String(file.code[$0.range]) }.filter { !$0.hasPrefix(".") })
            for name in used.sorted() {
                guard let folders = home[name], !folders.contains(file.folder) else { continue }
                for folder in folders where (Self.flow.firstIndex(of: folder) ?? 0) > rank {
                    violations.append("\(file.path) uses \(name) of \(folder.isEmpty ? "the top" : folder)/")
                }
            }
        }
        #expect(violations.isEmpty, "\(violations.joined(separator: "\n"))")
    }
}
