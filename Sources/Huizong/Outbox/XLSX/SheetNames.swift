/// Sheet names that Excel accepts. Excel refuses to open (or "repairs") a workbook whose sheet name
/// is empty, longer than 31 UTF-16 units, holds one of `[]:*?/\`, starts or ends with `'`, is
/// "History", or repeats another name regardless of case; huizong changes such a name as little as it can.
struct SheetNames {
    private static let maxLength = 31
    private var taken: Set<String> = ["history"]

    /// `name` made acceptable and unique among the names returned so far, e.g. "汇总" again → "汇总 (2)".
    mutating func claim(_ name: String) -> String {
        var base = Substring(String(name.map { "[]:*?/\\".contains($0) ? "_" : $0 }))
        while base.first == "'" { base.removeFirst() }
        if base.isEmpty { base = "Sheet" }
        var candidate = Self.fitted(base, toLength: Self.maxLength)
        var number = 2
        while taken.contains(candidate.lowercased()) {
            let suffix = " (\(number))"
            candidate = Self.fitted(base, toLength: Self.maxLength - suffix.utf16.count) + suffix
            number += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// `text` cut to `length` UTF-16 units, without a trailing `'`.
    private static func fitted(_ text: Substring, toLength length: Int) -> String {
        var result = XMLText.truncated(text, toUTF16Count: length)
        while result.last == "'" { result.removeLast() }
        return result
    }
}
