import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The shipped schema is read by a real Table Schema consumer: frictionless (PyPI).
@Suite struct FrictionlessInteropTests {
    /// Loads each return type's `schema` with frictionless and prints name, title, type, required
    /// and primary key per field as JSON.
    static let script = """
    import json, sys, yaml
    from frictionless import Schema
    out = {}
    for path in sys.argv[1:]:
        d = yaml.safe_load(open(path, encoding="utf-8"))
        s = Schema.from_descriptor(d["schema"])
        out[d["name"]] = {
            "fields": [[f.name, f.title, f.type, bool(f.constraints.get("required"))] for f in s.fields],
            "primaryKey": s.primary_key,
            "foreignKeys": [fk["fields"] for fk in s.foreign_keys],
        }
    print(json.dumps(out, ensure_ascii=False))
    """

    /// The fields the type's file declares: all but 填报说明, which the plan adds to every type.
    static func declaredFields(of type: ReturnType) -> [Field] {
        type.fields.enumerated().filter { $0.offset != type.explanationField }.map(\.element)
    }

    @Test func frictionlessReadsEveryFieldDescriptor() throws {
        let schema = try TestSupport.schema()
        let files = schema.returnTypes.map(\.sourceFile)
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", Self.script] + files)
        try #require(result.status == 0, "frictionless could not read the schema (pip install -r Tests/interop-requirements.txt): \(result.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: [String: Any]]
        let read = try #require(parsed)
        for type in schema.returnTypes {
            let entry = try #require(read[type.name])
            let fields = try #require(entry["fields"] as? [[Any]])
            let declared = Self.declaredFields(of: type)
            #expect(fields.count == declared.count)
            for (theirs, ours) in zip(fields, declared) {
                #expect(theirs[0] as? String == ours.key)
                #expect(theirs[1] as? String == ours.label)
                #expect(theirs[2] as? String == ours.type.rawValue)
                #expect(theirs[3] as? Bool == ours.constraints.required)
            }
            #expect(entry["primaryKey"] as? [String] == type.primaryKey.map { type.fields[$0].key })
            #expect((entry["foreignKeys"] as? [[String]])?.map { $0[0] } == type.registryLinks.map { type.fields[$0.field].key })
        }
    }

    /// frictionless checks the same constraints as huizong on canonical rows: both accept the first
    /// row and both flag the enum and pattern cells of the second.
    @Test func frictionlessAndHuizongAgreeOnConstraints() throws {
        let schema = try TestSupport.schema()
        let village = try #require(schema.returnType(named: "village"))
        let good = ["330206110201", "东岙村", "2009-06", "陈律师", "13857400001", "4", "260", "6", "6", "1", "1", "1", "0",
                    "是", "是", "是", "是", "是", "3", "0", "92", "优秀", "李红", "0574-86100001", "2009-06-25"]
        var bad = good
        bad[2] = "2009-07"
        bad[24] = "2009-07-25"
        bad[4] = "1385740000"
        bad[21] = "优秀秀"
        let folder = try TestSupport.temporaryFolder()
        let csv = folder + "/village.csv"
        try TestSupport.write([Self.declaredFields(of: village).map(\.label), good, bad].map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n", to: csv)
        let script = """
        import os, sys, yaml
        from frictionless import Resource, Schema
        d = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
        s = Schema.from_descriptor(d["schema"])
        s.foreign_keys = []
        titles = {f.name: f.title for f in s.fields}
        s.primary_key = [titles[k] for k in s.primary_key]
        for f in s.fields:
            f.name = f.title
        r = Resource(path=os.path.basename(sys.argv[2]), basepath=os.path.dirname(sys.argv[2]), schema=s)
        for row, field, kind in r.validate().flatten(["rowNumber", "fieldName", "type"]):
            print(row, field, kind)
        """
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script, village.sourceFile, csv])
        try #require(result.status == 0, "\(result.stderr)")
        let theirs = result.stdout.split(separator: "\n").map(String.init).sorted()
        #expect(theirs == ["3 创建等级 constraint-error", "3 法律顾问电话 constraint-error"])

        let report = try Workspace(root: TestSupport.repositoryRoot).validator.validate(path: csv, name: "village.csv")
        let ours = report.issues.map { "\($0.row ?? 0) \($0.label ?? "-") \($0.code.rawValue)" }.sorted()
        #expect(ours == theirs)
    }
}
