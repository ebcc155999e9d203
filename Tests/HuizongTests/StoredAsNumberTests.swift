import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// A code a spreadsheet stored as a number: taken with `stored-as-number` while every digit is
/// there, a `type-error` once one is lost (PRODUCT §6).
@Suite struct StoredAsNumberTests {
    @Test(arguments: [
        ("330206110201", true),
        ("123456789012345", true),
        ("7", true),
        ("1234567890123456", false),
        ("913302061441087000", false),
        ("9.13302061441087E+17", false),
        ("330206110201.5", false),
        ("-330206110201", false),
        ("", false),
    ])
    func everyDigitIsKeptUpToFifteen(shown: String, kept: Bool) {
        #expect(StoredAsNumberCheck.keepsEveryDigit(shown) == kept)
    }

    let schema: PlanSchema
    let enterprise: ReturnType

    init() throws {
        schema = try TestSupport.schema()
        enterprise = try #require(schema.returnType(named: "enterprise"))
    }

    /// Row 2 of an enterprise return whose cell `key` holds `shown` and is stored as a number.
    func outcome(_ key: String, _ shown: String) throws -> RowOutcome {
        let field = try #require(enterprise.fieldIndex(key: key))
        var cells = enterprise.fields.map { RowCheckerTests.validRow[$0.key]! }
        cells[field] = shown
        let checker = RowChecker(type: enterprise, columnFields: enterprise.fields.indices.map { $0 }, width: enterprise.fields.count,
                                 schema: schema, registry: RowCheckerTests.registry, file: "t.xlsx")
        return checker.check(SourceRow(number: 2, cells: cells, numberCells: [field]))
    }

    @Test func aWholeVillageCodeIsTakenWithAWarning() throws {
        let outcome = try outcome("village_code", RowCheckerTests.village)
        #expect(outcome.isAccepted)
        #expect(outcome.issues.map(\.code) == [.storedAsNumber])
        #expect(outcome.issues.first?.severity == .warning)
        #expect(outcome.issues.first?.field == "village_code")
        #expect(outcome.issues.first?.message(.zh).contains("“文本”") == true)
        let field = try #require(enterprise.fieldIndex(key: "village_code"))
        #expect(outcome.values[field]?.canonical == RowCheckerTests.village)
    }

    /// A code whose leading zero is gone is too short; a credit code past 15 digits lost its last
    /// ones: both stay the error they were, with the advice to format the column as text.
    @Test(arguments: [("village_code", "33020611020"), ("credit_code", "913302061441087000")])
    func aCodeThatLostDigitsIsAnError(key: String, shown: String) throws {
        let outcome = try outcome(key, shown)
        #expect(!outcome.isAccepted)
        #expect(outcome.issues.map(\.code) == [.typeError])
        #expect(outcome.issues.first?.finding == .codeTurnedIntoNumber)
        #expect(outcome.issues.first?.message(.zh).contains("“文本”") == true)
    }

    /// A number in a column that holds no code is what it should be.
    @Test func aNumberOutsideACodeColumnIsNoIssue() throws {
        #expect(try outcome("employees", "120").issues.isEmpty)
    }

    /// A village return written by openpyxl with the village code typed as a number, as a clerk's
    /// spreadsheet stores it, through `huizong validate --format json`.
    @Test func aWorkbookWithNumberCodesThroughValidate() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let path = folder + "/村创建情况表.xlsx"
        let fixture = TestSupport.repositoryRoot + "/Tests/HuizongTests/Fixtures/returns/village-clean.csv"
        let rows = try String(contentsOfFile: fixture, encoding: .utf8).split(whereSeparator: \.isNewline).prefix(3).map(String.init)
        let write = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", """
            import sys, openpyxl
            book = openpyxl.Workbook()
            sheet = book.active
            for i, line in enumerate(sys.argv[2:]):
                cells = line.split(",")
                if i == 1: cells[0] = int(cells[0])
                if i == 2: cells[0] = int(cells[0][1:])
                sheet.append(cells)
            book.save(sys.argv[1])
            """, path] + rows)
        #expect(write.status == 0, "\(write.stderr)")
        let result = try BinaryRunner.run(["validate", "--root", TestSupport.repositoryRoot, "--format", "json", path])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let issues = try #require(object["issues"] as? [[String: Any]])
        #expect(issues.map { "\($0["row"]!) \($0["field"]!) \($0["code"]!) \($0["severity"]!) \($0["value"]!)" } == [
            "2 village_code stored-as-number warning \(rows[1].prefix(12))",
            "3 village_code type-error error \(rows[2].dropFirst().prefix(11))",
        ])
        #expect(result.status == 1)
    }
}
