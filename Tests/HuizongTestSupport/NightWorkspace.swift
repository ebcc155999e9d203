import Foundation
import Huizong

/// A scratch workspace for end-to-end runs of `huizong run`: the shipped seeds, an inbox, and
/// helpers to drop returns, run nights and read what they wrote.
public struct NightWorkspace {
    public let root: String
    public var inbox: String { root + "/inbox" }
    public var outbox: String { root + "/outbox" }

    public init() throws {
        root = try TestSupport.temporaryFolder()
        try FileManager.default.copyItem(atPath: TestSupport.seeds, toPath: root + "/seeds")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
    }

    public func drop(_ name: String, _ text: String) throws {
        try drop(name, Data(text.utf8))
    }

    /// Puts a file into the inbox, aged past any settle time.
    public func drop(_ name: String, _ bytes: Data) throws {
        let path = inbox + "/" + name
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try bytes.write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -3600)], ofItemAtPath: path)
    }

    public func run(_ arguments: [String] = [], environment: [String: String] = [:]) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["run", "--root", root, "--settle", "0"] + arguments, environment: environment)
    }

    public func text(_ relative: String) throws -> String {
        try String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    public func consolidated(_ type: String) throws -> String {
        try text("outbox/consolidated/\(type).csv")
    }

    /// The rows of a consolidated table or error report, header first, BOM removed.
    public func table(_ relative: String) throws -> [[String]] {
        var text = try self.text(relative)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    }

    public func report() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: outbox + "/report.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    public func reportedFiles() throws -> [[String: Any]] {
        try report()["files"] as? [[String: Any]] ?? []
    }

    public func reportedIssues() throws -> [[String: Any]] {
        try report()["issues"] as? [[String: Any]] ?? []
    }

    /// Regular files left in the inbox, relative to it (the hidden .gitkeep aside).
    public func inboxFiles() -> [String] {
        let all = FileManager.default.enumerator(atPath: inbox)?.allObjects as? [String] ?? []
        return all.filter { name in
            var isDirectory: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: inbox + "/" + name, isDirectory: &isDirectory)
                && !isDirectory.boolValue
        }.sorted()
    }

    /// The shared contract checker of the outbox (names, codes, shapes, paths, accounting).
    public func contract() throws -> String {
        try Self.contract(workspace: root)
    }

    public static let contractHolds = "contract: 0 problems"

    /// What `shared/contract/check_outbox.py` (beside the repository, as in CI) says of a workspace:
    /// `contractHolds` when the outbox keeps the contract, else every problem it found.
    public static func contract(workspace: String) throws -> String {
        let checker = TestSupport.repositoryRoot + "/../shared/contract/check_outbox.py"
        guard FileManager.default.fileExists(atPath: checker) else { return "the contract checker is missing: \(checker)" }
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", checker, workspace])
        return (result.stdout + result.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Realistic enterprise returns built from the shipped registry.
public enum EnterpriseReturn {
    public static let labels = ["统一社会信用代码", "企业名称", "所在村代码", "报送期间", "职工人数", "劳动合同签订人数", "参加社会保险人数",
                         "建立职工代表大会", "推行厂务公开", "开展工资集体协商", "拖欠工资金额（元）", "劳动争议件数", "诚信守法自评分",
                         "诚信守法等级", "劳动关系和谐自评分", "劳动关系和谐等级", "填报人", "联系电话", "填报日期"]

    /// Units of the shipped registry: (credit code, name, village code).
    public static let units: [(code: String, name: String, village: String)] = [
        ("91330206144101142B", "宁波清溪五金制品有限公司", "330206110204"),
        ("91330206144102751J", "宁波甬清压铸有限公司", "330206110205"),
        ("91330206144103797G", "宁波三和化工有限公司", "330206110212"),
        ("913302061441087231", "宁波北仑横山铸造有限公司", "330206110212"),
        ("91330206254901677C", "宁波北仑柴桥轴承有限公司", "330206110203"),
    ]

    /// One valid row for unit `unit` in `period`; `employees` varies the figures.
    public static func row(_ unit: Int, period: String = "2009-06", employees: Int = 120) -> [String] {
        let u = units[unit]
        return [u.code, u.name, u.village, period, String(employees), String(employees - 2), String(employees - 5),
                "是", "是", "是", "0", "0", "92", "优秀", "86", "良好", "王丽", "0574-86123456", period + "-20"]
    }

    public static func csv(_ rows: [[String]]) -> String {
        ([labels] + rows).map { $0.joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
