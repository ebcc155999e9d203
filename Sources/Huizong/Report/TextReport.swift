/// The clerk-readable text of `huizong validate`: per file a summary line, then one line per issue
/// with the row, the column label and what to change.
public enum TextReport {
    public static func render(_ reports: [FileReport], schema: PlanSchema, _ language: Language) -> String {
        let zh = language == .zh
        var out = ""
        for report in reports {
            let title = report.returnType.flatMap { schema.returnType(named: $0)?.title }
            var facts: [String] = []
            if let title { facts.append(title) }
            // A workbook has no encoding a clerk chooses; a text file's tells them how it was read.
            if let encoding = report.encoding, ReturnFormat(rawValue: report.format)?.isWorkbook != true { facts.append(encoding) }
            out += TerminalText.visible(report.file) + (facts.isEmpty ? "" : zh ? "（\(facts.joined(separator: "，"))）" : " (\(facts.joined(separator: ", ")))")
            out += "\n  " + summary(report, zh) + "\n"
            for issue in report.issues {
                let row = issue.row.map { zh ? "第 \($0) 行" : "row \($0)" } ?? (zh ? "整个文件" : "file")
                let severity = issue.severity.name.text(language)
                let column = issue.label.map { "  " + TerminalText.visible($0) } ?? ""
                out += "  \(row)\(column)  [\(severity) \(issue.code.rawValue)]  \(TerminalText.visible(issue.message(language)))\n"
            }
            out += "\n"
        }
        let failed = reports.filter(\.hasErrors).count
        let warnings = reports.flatMap(\.issues).filter { $0.severity == .warning }.count
        out += zh
            ? "共检查 \(reports.count) 个文件：\(failed) 个有错误，\(reports.count - failed) 个可以报送；提醒 \(warnings) 条。\n"
            : "Checked \(EnglishCount.of(reports.count, "file")): \(failed) with errors, \(reports.count - failed) ready to file; \(EnglishCount.of(warnings, "warning")).\n"
        return out
    }

    private static func summary(_ report: FileReport, _ zh: Bool) -> String {
        if report.isRejectedWhole {
            return zh ? "整个文件无法接收，请按下面的说明改正后重新报送。" : "The whole file is rejected; correct it as below and send it again."
        }
        if report.rowsRead == 0 {
            return zh ? "表头正确，但没有数据行。" : "The header is right, but there are no rows."
        }
        if !report.hasErrors {
            return zh ? "读取 \(report.rowsRead) 行，全部通过。" : "\(report.rowsRead) rows read, all accepted."
        }
        return zh
            ? "读取 \(report.rowsRead) 行：通过 \(report.rowsAccepted) 行，有错误 \(report.rowsRejected) 行。"
            : "\(EnglishCount.of(report.rowsRead, "row")) read: \(report.rowsAccepted) accepted, \(report.rowsRejected) with errors."
    }
}
