/// `docs/issue-codes.md`: the issue catalogue as a page for the office and for developers, in
/// Chinese and English. A test checks that the committed page is the one this writes.
public enum IssueCodesPage {
    public static func markdown() -> String {
        var page = """
            <!-- Written from Sources/Huizong/Validation/IssueCatalogue.swift; do not edit by hand.
                 To write it again: HUIZONG_WRITE_DOCS=1 swift test --filter IssueCatalogueTests -->
            # 问题代码 Issue codes

            huizong 在报表中发现的每个问题都有一个代码。“错误”退回该行，文件和表头的错误退回整个文件；
            “提醒”不影响采用。下面按代码列出名称、处理办法和消息示例。

            Every problem huizong finds in a return is an issue with one of these codes. An
            error rejects the row, or the whole file for file and header codes; a warning keeps the row.
            Below, for each code: its title, what to do, and examples of its messages.

            | 代码 Code | 严重程度 Severity | 范围 Level | 名称 | Title |
            |---|---|---|---|---|

            """
        for code in IssueCode.allCases {
            let entry = code.entry
            page += "| [\(code.rawValue)](#\(code.rawValue)) | \(both(entry.severity.name)) | \(both(entry.level.name)) "
                + "| \(entry.title.zh) | \(entry.title.en) |\n"
        }
        for code in IssueCode.allCases {
            let entry = code.entry
            page += "\n## \(code.rawValue)\n\n"
            page += "\(entry.title.zh) · \(entry.title.en) — \(both(entry.severity.name))，\(both(entry.level.name))\n\n"
            page += "**怎么办** \(escaped(entry.advice.zh))\n\n"
            page += "**What to do** \(escaped(entry.advice.en))\n\n"
            page += "消息示例 Example messages:\n\n"
            for example in entry.examples {
                let issue = example.issue(code)
                page += "- \(escaped(issue.message(.zh)))<br>\n  \(escaped(issue.message(.en)))\n"
            }
        }
        return page
    }

    private static func both(_ text: LocalizedText) -> String {
        "\(text.zh) \(text.en)"
    }

    /// Messages quote XML tags and entities, which Markdown would take for HTML.
    private static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
