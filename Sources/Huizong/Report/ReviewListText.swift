/// `huizong review list` on the terminal: one line a return, what the unit explained or why it was
/// sent back beneath it, so the office reads the explanations before deciding.
public enum ReviewListText {
    public static func render(_ entries: [ReviewEntry], workspace: Workspace, _ language: Language) -> String {
        let zh = language == .zh
        let pending = entries.filter { $0.state == .pending }.count
        let returned = entries.count - pending
        guard !entries.isEmpty else {
            return zh ? "没有待审核或已退回未重报的报表。" : "Nothing waits for review."
        }
        var out = zh
            ? "待审核 \(pending) 份，已退回未重报 \(returned) 份：\n"
            : "\(pending) waiting for review, \(returned) returned and not resubmitted:\n"
        for entry in entries {
            let type = workspace.schema.returnType(named: entry.returnType)
            let name = workspace.registry.unit(entry.unit)?.name ?? ""
            out += "  \(type?.title ?? entry.returnType)  \(entry.unit)  \(TerminalText.visible(name))  \(entry.period)  \(entry.state.label(language))\n"
            if !entry.explainedRules.isEmpty, let field = type?.explanationField, field < entry.values.count {
                let rules = entry.explainedRules.joined(separator: zh ? "、" : ", ")
                out += (zh ? "      填报说明（\(rules)）：" : "      explanation (\(rules)): ") + TerminalText.visible(entry.values[field]) + "\n"
            }
            if entry.state == .returned, let decision = entry.decision {
                out += (zh ? "      退回原因（\(decision.decidedBy) \(decision.decidedAt)）：" : "      returned (\(decision.decidedBy) \(decision.decidedAt)): ")
                    + TerminalText.visible(decision.note ?? "") + "\n"
            }
        }
        return out
    }
}
