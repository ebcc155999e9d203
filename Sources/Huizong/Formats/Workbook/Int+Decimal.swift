extension Int {
    /// The integer that `utf8` spells in decimal, read as `Int(_: String)` reads it (a sign, then
    /// digits), without making a `String` of the many row numbers, styles and repeat counts of a
    /// sheet.
    init?(decimal utf8: UnsafeBufferPointer<UInt8>) {
        let isNegative = utf8.first == UInt8(ascii: "-")
        let digits = utf8.dropFirst(isNegative || utf8.first == UInt8(ascii: "+") ? 1 : 0)
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            let digit = Int(byte &- UInt8(ascii: "0"))
            guard digit < 10 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAgain) = isNegative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            guard !overflow, !overflowAgain else { return nil }
            value = next
        }
        self = value
    }
}
