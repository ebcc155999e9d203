/// Helpers of `Dashboard`: HTML escaping, link encoding and the hand-drawn SVG bar charts.
public enum DashboardSVG {
    /// Escapes text for HTML content and quoted attribute values. Control characters that HTML does
    /// not allow (a unit's file name may hold any byte) show as U+FFFD.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.isControlCharacter {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A path relative to the workspace (`outbox/errors/…`) as a link relative to `outbox/index.html`:
    /// the `outbox/` prefix dropped, every byte other than ASCII letters, digits, `-._~` and `/`
    /// percent-encoded (so `?`, `#`, `%`, spaces and Chinese names all survive). Nil for a path outside outbox/.
    static func outboxLink(_ workspacePath: String) -> String? {
        let prefix = "outbox/"
        guard workspacePath.hasPrefix(prefix) else { return nil }
        let relative = workspacePath.dropFirst(prefix.count)
        guard !relative.isEmpty, !relative.split(separator: "/", omittingEmptySubsequences: false).contains("..") else { return nil }
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in relative.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One horizontal bar chart: a bar per level, its length proportional to the count (the largest
    /// count fills the bar area), the count written after it. Each bar is a `<rect>` with `data-count`.
    static func barChart(levels: [String], counts: [Int], caption: String) -> String {
        let labelWidth = 64.0, barArea = 230.0, countWidth = 46.0
        let barHeight = 20.0, gap = 8.0, top = 4.0
        let width = labelWidth + barArea + countWidth
        let height = top * 2 + Double(levels.count) * (barHeight + gap) - gap
        let largest = counts.max() ?? 0
        var svg = "<svg class=\"bars\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" "
            + "height=\"\(number(height))\" role=\"img\" aria-label=\"\(escape(caption))\">"
        svg += "<title>\(escape(caption))</title>"
        for (i, level) in levels.enumerated() {
            let count = i < counts.count ? counts[i] : 0
            let y = top + Double(i) * (barHeight + gap)
            let length = largest == 0 ? 0 : (Double(count) / Double(largest) * barArea * 10).rounded() / 10
            let middle = y + barHeight / 2
            svg += "<text class=\"level\" x=\"\(number(labelWidth - 6))\" y=\"\(number(middle))\" text-anchor=\"end\" "
                + "dominant-baseline=\"central\">\(escape(level))</text>"
            svg += "<rect class=\"bar bar\(i % 5)\" x=\"\(number(labelWidth))\" y=\"\(number(y))\" width=\"\(number(length))\" "
                + "height=\"\(number(barHeight))\" data-level=\"\(escape(level))\" data-count=\"\(count)\"/>"
            svg += "<text class=\"count\" x=\"\(number(labelWidth + length + 5))\" y=\"\(number(middle))\" "
                + "dominant-baseline=\"central\">\(count)</text>"
        }
        svg += "</svg>"
        return svg
    }

    /// A rate from 0 to 1 as a short bar in a grey track, for a table cell.
    static func rateBar(_ rate: Double, caption: String) -> String {
        let width = 100.0, height = 12.0
        let length = (max(0, min(1, rate)) * width * 10).rounded() / 10
        return "<svg class=\"rate\" viewBox=\"0 0 \(number(width)) \(number(height))\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "role=\"img\" aria-label=\"\(escape(caption))\"><rect class=\"track\" width=\"\(number(width))\" height=\"\(number(height))\"/>"
            + "<rect class=\"fill\" width=\"\(number(length))\" height=\"\(number(height))\"/></svg>"
    }

    /// A coordinate with at most one decimal, without a trailing ".0".
    static func number(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(format10: tenths)
    }
}

private extension String {
    /// `tenths` / 10 written with one decimal, e.g. 1234 → "123.4", -5 → "-0.5".
    init(format10 tenths: Int) {
        let sign = tenths < 0 ? "-" : ""
        let magnitude = abs(tenths)
        self = "\(sign)\(magnitude / 10).\(magnitude % 10)"
    }
}
