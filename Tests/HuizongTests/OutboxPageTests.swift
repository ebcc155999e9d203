import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The repository documents its own outputs: `docs/outbox.md` is what the writers' headers and the
/// shipped plan make of it, `docs/report-json.md` names every field report.json has, and the README
/// and docs point to each other rather than to a document the repository does not hold.
@Suite struct OutboxPageTests {
    static let docs = TestSupport.repositoryRoot + "/docs"

    /// `docs/outbox.md` is what `OutboxPage` writes. `HUIZONG_WRITE_DOCS=1` writes it again.
    @Test func outboxPageIsUpToDate() throws {
        let path = Self.docs + "/outbox.md"
        let page = OutboxPage.markdown(schema: try TestSupport.schema())
        if ProcessInfo.processInfo.environment["HUIZONG_WRITE_DOCS"] != nil {
            try TestSupport.write(page, to: path)
        }
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(committed == page, "docs/outbox.md is out of date: HUIZONG_WRITE_DOCS=1 swift test --filter OutboxPageTests")
    }

    /// The sections of a Markdown page by their `## ` heading; "" is the text before the first.
    static func sections(_ page: String) -> [String: String] {
        var sections: [String: String] = [:]
        var heading = ""
        for line in page.components(separatedBy: "\n") {
            if line.hasPrefix("## ") {
                heading = String(line.dropFirst(3))
            } else {
                sections[heading, default: ""] += line + "\n"
            }
        }
        return sections
    }

    /// Every key of a report.json that has them all (a night, then the samples with their issues and
    /// a correction of the first night's return, then a decision) has its row in docs/report-json.md, in the section of its array
    /// or object, nested keys as `rows.read` or `missing[].unit`.
    @Test func reportJSONDocumentsEveryField() throws {
        let workspace = try NightWorkspace()
        defer { TestSupport.remove(workspace.root) }
        try workspace.drop("铸造-6月.csv", EnterpriseReturn.csv([EnterpriseReturn.row(3, employees: 100)]))
        #expect(try workspace.run().status == 0)
        let samples = TestSupport.repositoryRoot + "/samples"
        for name in try FileManager.default.contentsOfDirectory(atPath: samples) where name != "README.md" && !name.hasPrefix(".") {
            try workspace.drop(name, Data(contentsOf: URL(fileURLWithPath: samples + "/" + name)))
        }
        try workspace.drop("铸造-6月-更正.csv", EnterpriseReturn.csv([EnterpriseReturn.row(3, employees: 110)]))
        #expect(try workspace.run().status == 0)
        let approved = try BinaryRunner.run(["review", "approve", EnterpriseReturn.units[3].code, "2009-06", "--root", workspace.root,
                                             "--by", "张科长", "--note", "核实无误"])
        #expect(approved.status == 0, "\(approved.stderr)")

        let sections = Self.sections(try String(contentsOfFile: Self.docs + "/report-json.md", encoding: .utf8))
        var undocumented: [String] = []
        /// The keys of the objects in `value` (an object, or an array of them), named after `prefix`.
        func walk(_ value: Any, _ prefix: String, in section: String) {
            if let array = value as? [Any] {
                for element in array { walk(element, prefix, in: section) }
                return
            }
            guard let object = value as? [String: Any] else { return }
            for (key, member) in object {
                let name = prefix + key
                if !(sections[section] ?? "").contains("| `\(name)` |") { undocumented.append("\(section): \(name)") }
                walk(member, name + (member is [Any] ? "[]." : "."), in: section)
            }
        }
        let report = try workspace.report()
        for (key, value) in report {
            #expect(sections[""]?.contains("| `\(key)` |") == true, "\(key)")
            #expect((value as? [Any])?.isEmpty != true, "\(key) is empty: the nights do not show all its fields")
            let section = value is [Any] ? key + "[]" : key
            #expect(sections[section] != nil, "no section \(section)")
            walk(value, "", in: section)
        }
        #expect(Set(undocumented).sorted() == [])
    }

    /// The README and docs/ explain the outputs themselves: no reference to a product document or
    /// its sections, which the repository does not hold.
    @Test func noReferenceToADocumentOutsideTheRepository() throws {
        let pages = ["README.md"] + (try FileManager.default.contentsOfDirectory(atPath: Self.docs)).map { "docs/" + $0 }
        for page in pages {
            let text = try String(contentsOfFile: TestSupport.repositoryRoot + "/" + page, encoding: .utf8)
            #expect(!text.contains("PRODUCT") && !text.contains("§"), "\(page)")
        }
    }
}
