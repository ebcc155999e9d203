/// One difference an audit found between the store, the archive and the consolidated tables,
/// with a message naming the file, key or row, what differs, and what to do about it.
public struct AuditFinding: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// An archived file is not at its archive path.
        case archiveMissing = "archive-missing"
        /// An archived file's bytes are not those the store recorded.
        case archiveChanged = "archive-changed"
        /// Re-validating the archive gives a version in force that the store lacks.
        case versionMissing = "version-missing"
        /// The store has a version in force that re-validating the archive does not give.
        case versionExtra = "version-extra"
        /// The store's version in force has other values than the archive gives.
        case versionValues = "version-values"
        /// The store's version in force names another source file or row than the archive gives.
        case versionSource = "version-source"
        /// A consolidated table is missing from the outbox.
        case tableMissing = "table-missing"
        /// A consolidated table is not byte for byte what the store gives.
        case tableDiffers = "table-differs"
        /// The store's own integrity: SQLite's checks, one version in force per key, keys that
        /// match their values.
        case storeIntegrity = "store-integrity"
        /// A run was cut short and not yet finished by a later run.
        case unfinishedRun = "unfinished-run"
        /// A decision names no version, or a version of another unit or period.
        case decisionVersion = "decision-version"
        /// An approval in force whose approved version is no longer the one in force.
        case approvalReplaced = "approval-replaced"
    }

    public let kind: Kind
    /// What it is about: a path relative to the workspace, or a return type and key.
    public let subject: String
    private let zh: String
    private let en: String

    init(_ kind: Kind, subject: String, zh: String, en: String) {
        self.kind = kind
        self.subject = subject
        self.zh = zh
        self.en = en
    }

    public func message(_ language: Language) -> String {
        language == .zh ? zh : en
    }
}

// MARK: - The findings

extension AuditFinding {
    static func decisionVersion(_ d: Decision) -> AuditFinding {
        let subject = "\(d.returnType ?? "") \(d.unit ?? "") \(d.period)"
        return AuditFinding(.decisionVersion, subject: subject,
                            zh: "\(d.decidedBy) 于 \(d.decidedAt) 对 \(subject) 的审核决定所指的数据版本在汇总库中不存在，或不属于该单位该期间。汇总库可能被改动过；请从备份恢复 outbox/huizong.sqlite。",
                            en: "The decision of \(d.decidedBy) on \(d.decidedAt) on \(subject) names a version the store lacks, or one of another unit or period. The store may have been altered; restore outbox/huizong.sqlite from a backup.")
    }

    static func approvalReplaced(_ d: Decision) -> AuditFinding {
        let subject = "\(d.returnType ?? "") \(d.unit ?? "") \(d.period)"
        return AuditFinding(.approvalReplaced, subject: subject,
                            zh: "\(subject) 已于 \(d.decidedAt) 由 \(d.decidedBy) 审核通过，但现行数据已不是当时审核通过的版本：审核通过后的数据不应再被替换。请核对汇总库和归档，必要时撤回审核后重新审核。",
                            en: "\(subject) was approved by \(d.decidedBy) on \(d.decidedAt), but the version in force is no longer the one approved: an approved return must not change. Check the store and the archive; withdraw and approve again if need be.")
    }

    static func archiveMissing(name: String, archivedAs: String) -> AuditFinding {
        AuditFinding(.archiveMissing, subject: archivedAs,
                     zh: "归档文件“\(archivedAs)”（原文件“\(name)”）不见了。请从备份中把它放回原处；在放回之前，它采用的数据无法重新核对。",
                     en: "The archived file “\(archivedAs)” (received as “\(name)”) is missing. Put it back from a backup; until then the rows it gave cannot be checked again.")
    }

    static func archiveChanged(name: String, archivedAs: String, recorded: String, found: String?) -> AuditFinding {
        let zhFound = found.map { "现在是 \($0)" } ?? "现在无法读取"
        let enFound = found.map { "it is now \($0)" } ?? "it cannot be read now"
        return AuditFinding(.archiveChanged, subject: archivedAs,
                            zh: "归档文件“\(archivedAs)”（原文件“\(name)”）被改动过：汇总库记录的 SHA-256 是 \(recorded)，\(zhFound)。归档应逐字节保存原件；请从备份中恢复它。",
                            en: "The archived file “\(archivedAs)” (received as “\(name)”) was changed: the store recorded SHA-256 \(recorded), \(enFound). The archive keeps the original byte for byte; restore it from a backup.")
    }

    /// The note every recomputed difference carries: validation uses today's seeds.
    private static let schemaNote = (
        zh: "如果那一晚之后 seeds/ 中的方案或单位名录改过，按现在的方案重新核对得出不同结果是预期的；否则说明汇总库被改动过，请从备份恢复 outbox/huizong.sqlite。",
        en: "If the plan schema or the unit registry in seeds/ changed since that night, re-validating under the current one is expected to differ; otherwise the store was changed: restore outbox/huizong.sqlite from a backup."
    )

    static func versionMissing(_ type: ReturnType, key: [String], archive: CurrentVersion) -> AuditFinding {
        let k = KeyText(type, key)
        return AuditFinding(.versionMissing, subject: type.name + " " + key.joined(separator: " "),
                            zh: "\(type.title)（\(k.zh)）：按归档的报表应采用“\(archive.file)”第 \(archive.row) 行，汇总库中却没有这一条。\(schemaNote.zh)",
                            en: "\(type.name) (\(k.en)): the archived returns give row \(archive.row) of “\(archive.file)”, but the store has no version in force for this key. \(schemaNote.en)")
    }

    static func versionExtra(_ type: ReturnType, key: [String], store: CurrentVersion) -> AuditFinding {
        let k = KeyText(type, key)
        return AuditFinding(.versionExtra, subject: type.name + " " + key.joined(separator: " "),
                            zh: "\(type.title)（\(k.zh)）：汇总库采用了“\(store.file)”第 \(store.row) 行，但按归档的报表这一条不应被采用。\(schemaNote.zh)",
                            en: "\(type.name) (\(k.en)): the store has row \(store.row) of “\(store.file)” in force, which the archived returns do not give. \(schemaNote.en)")
    }

    static func versionValues(_ type: ReturnType, key: [String], store: CurrentVersion, archive: CurrentVersion) -> AuditFinding {
        let k = KeyText(type, key)
        let fields = type.fields.indices.filter { field in
            (field < store.values.count ? store.values[field] : nil) != (field < archive.values.count ? archive.values[field] : nil)
        }
        func value(_ values: [String], _ field: Int) -> String { field < values.count ? values[field] : "（无）" }
        let zhFields = fields.map { "\(type.fields[$0].label) 库中为“\(value(store.values, $0))”，原件为“\(value(archive.values, $0))”" }
        let enFields = fields.map { "\(type.fields[$0].key) is “\(value(store.values, $0))” in the store, “\(value(archive.values, $0))” in the file" }
        let zhList = zhFields.isEmpty ? "字段数不同" : zhFields.joined(separator: "；")
        let enList = enFields.isEmpty ? "the number of fields differs" : enFields.joined(separator: "; ")
        return AuditFinding(.versionValues, subject: type.name + " " + key.joined(separator: " "),
                            zh: "\(type.title)（\(k.zh)）：汇总库中来自“\(store.file)”第 \(store.row) 行的数据与归档原件不一致：\(zhList)。\(schemaNote.zh)",
                            en: "\(type.name) (\(k.en)): the store's version from row \(store.row) of “\(store.file)” differs from the archived file: \(enList). \(schemaNote.en)")
    }

    static func versionSource(_ type: ReturnType, key: [String], store: CurrentVersion, archive: CurrentVersion) -> AuditFinding {
        let k = KeyText(type, key)
        return AuditFinding(.versionSource, subject: type.name + " " + key.joined(separator: " "),
                            zh: "\(type.title)（\(k.zh)）：数据相同，但汇总库记的来源是“\(store.file)”第 \(store.row) 行，按归档的报表应是“\(archive.file)”第 \(archive.row) 行。\(schemaNote.zh)",
                            en: "\(type.name) (\(k.en)): the values agree, but the store names row \(store.row) of “\(store.file)” as the source where the archived returns give row \(archive.row) of “\(archive.file)”. \(schemaNote.en)")
    }

    private static let regenerate = (
        zh: "如果汇总库本身没有问题（见其他各条），运行一次 huizong run 即可从汇总库重写这张表，数据不会改变；要改数据，请让单位重新报送，不要手工修改汇总表。",
        en: "If the store itself is sound (see any other findings), one `huizong run` rewrites the table from it without changing any data; to change data, have the unit file again rather than editing the table."
    )

    static func tableMissing(_ path: String) -> AuditFinding {
        AuditFinding(.tableMissing, subject: path,
                     zh: "汇总表“\(path)”不存在。\(regenerate.zh)",
                     en: "The consolidated table “\(path)” is missing. \(regenerate.en)")
    }

    /// - Parameters:
    ///   - line: the first line that differs, as a spreadsheet numbers it (the header is line 1).
    ///   - key: the key of the version that line should hold, if it is a data line.
    static func tableDiffers(_ path: String, line: Int, key: (ReturnType, [String])?, expected: String?, found: String?) -> AuditFinding {
        let k = key.map { KeyText($0.0, $0.1) }
        let zhWhere = "第 \(line) 行" + (k.map { "（\($0.zh)）" } ?? "")
        let enWhere = "line \(line)" + (k.map { " (\($0.en))" } ?? "")
        let zhWhat = switch (expected, found) {
        case (let e?, let f?) where e == f: "看上去相同，差别在看不见的字符（开头的 BOM、行尾的换行或空白）"
        case (let e?, let f?): "表中为“\(f)”，汇总库给出的是“\(e)”"
        case (let e?, nil): "表在这里就结束了，汇总库还有“\(e)”"
        case (nil, let f?): "汇总库到此为止，表中却还有“\(f)”"
        case (nil, nil): "内容不同"
        }
        let enWhat = switch (expected, found) {
        case (let e?, let f?) where e == f: "the lines look alike; they differ in characters that do not show (the leading BOM, line ends, spaces)"
        case (let e?, let f?): "the table has “\(f)” where the store gives “\(e)”"
        case (let e?, nil): "the table ends here, the store still gives “\(e)”"
        case (nil, let f?): "the store ends here, the table still has “\(f)”"
        case (nil, nil): "the contents differ"
        }
        return AuditFinding(.tableDiffers, subject: path,
                            zh: "汇总表“\(path)”与汇总库不一致，从\(zhWhere)起：\(zhWhat)。表可能被手工改过。\(regenerate.zh)",
                            en: "The consolidated table “\(path)” differs from the store from \(enWhere): \(enWhat). It may have been edited by hand. \(regenerate.en)")
    }

    static func storeIntegrity(_ problem: String) -> AuditFinding {
        AuditFinding(.storeIntegrity, subject: "outbox/huizong.sqlite",
                     zh: "汇总数据库 outbox/huizong.sqlite 自检不通过：\(problem)。请停止夜间汇总，从备份恢复数据库后再运行。",
                     en: "The store outbox/huizong.sqlite fails its own check: \(problem). Stop the nightly runs and restore the store from a backup before running again.")
    }

    static func severalCurrentVersions(_ returnType: String, key: [String], count: Int) -> AuditFinding {
        storeIntegrity("\(returnType) \(key.joined(separator: " ")): \(count) versions in force")
    }

    static func keyMismatch(_ type: ReturnType, stored: [String]?, values: [String]) -> AuditFinding {
        let storedText = stored.map { $0.joined(separator: " ") } ?? "?"
        let valuesText = type.primaryKey.map { $0 < values.count ? values[$0] : "" }.joined(separator: " ")
        return storeIntegrity("\(type.name): stored key “\(storedText)” does not match its values “\(valuesText)”")
    }

    static func unfinishedRun(_ run: RunRecord) -> AuditFinding {
        AuditFinding(.unfinishedRun, subject: "run \(run.id)",
                     zh: "\(run.day) 的汇总（开始于 \(run.started)）被中断，还没有补完：outbox 和归档可能还停在中断时。运行一次 huizong run 会先补完它，然后再做审计。",
                     en: "The run of \(run.day) (started \(run.started)) was cut short and is not finished: the outbox and archive may be as it left them. One `huizong run` finishes it; audit again after that.")
    }
}

/// A primary key as a message names it: label and value per key field.
private struct KeyText {
    let zh: String
    let en: String

    init(_ type: ReturnType, _ key: [String]) {
        let pairs = zip(type.primaryKey, key).map { (type.fields[$0.0], $0.1) }
        zh = pairs.map { "\($0.0.label) \($0.1)" }.joined(separator: "、")
        en = pairs.map { "\($0.0.key) \($0.1)" }.joined(separator: ", ")
    }
}
