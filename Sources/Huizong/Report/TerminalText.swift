/// What a file says, made safe to print: a cell could otherwise carry escape sequences that
/// retitle or recolour the clerk's terminal, or a newline that forges a line of the report.
public enum TerminalText {
    /// C0 controls and DEL shown as their Unicode control pictures (␛, ␊, ␀ …), C1 controls as �.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: \.isControlCharacter) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F: out.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}

extension Unicode.Scalar {
    /// C0 controls, DEL and C1 controls: what a terminal or an HTML page must not be given as is.
    var isControlCharacter: Bool {
        value < 0x20 || (0x7F...0x9F).contains(value)
    }
}
