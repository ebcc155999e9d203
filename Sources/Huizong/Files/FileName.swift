/// The parts of a file's name huizong uses: the last path component, and its stem and extension.
/// A name's leading dot starts no extension (`.gitkeep` has none).
struct FileName {
    /// The last path component.
    let base: String
    /// `base` without its extension.
    let stem: String
    /// The extension with its dot, e.g. `.csv`, or "".
    let ext: String

    init(_ path: String) {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        let dot = last.lastIndex(of: ".").flatMap { $0 == last.startIndex ? nil : $0 }
        base = last
        stem = dot.map { String(last[..<$0]) } ?? last
        ext = dot.map { String(last[$0...]) } ?? ""
    }
}
