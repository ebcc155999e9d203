/// A Table Schema pattern made of printable-ASCII character classes and counts, such as
/// `1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8}`, matched over the bytes of a printable-ASCII value
/// without Swift `Regex`: most patterns of a plan are like this, and they run for every cell.
///
/// Alternatives (`|`), literals, `.`, classes (`[...]`, `[^...]`, ranges, `\d` `\w` `\s`) and
/// the quantifiers `?` `*` `+` `{n}` `{n,}` `{n,m}` are understood; a pattern with anything else
/// (groups, anchors, lazy counts, other escapes) is left to `Regex`, as is any value that is not
/// printable ASCII or is 64 bytes or longer.
struct AsciiPattern: Sendable {
    /// A set of the bytes 0x20–0x7E.
    private struct ByteSet: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : high & (1 << UInt64(byte - 64)) != 0
        }

        var inverted: ByteSet {
            var all = ByteSet()
            all.insert(0x20...0x7E)
            return ByteSet(low: all.low & ~low, high: all.high & ~high)
        }

        static let digits: ByteSet = { var set = ByteSet(); set.insert(0x30...0x39); return set }()
        static let word: ByteSet = {
            var set = digits
            set.insert(0x41...0x5A)
            set.insert(0x61...0x7A)
            set.insert(UInt8(ascii: "_"))
            return set
        }()
        static let space: ByteSet = { var set = ByteSet(); set.insert(0x20); return set }()
    }

    private struct Atom: Sendable {
        var bytes: ByteSet
        var minimum: Int
        var maximum: Int
    }

    private let alternatives: [[Atom]]

    /// The values this matcher decides: printable ASCII, shorter than the 64 positions it tracks.
    static func decides(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        value.count < 64 && value.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
    }

    /// Compiles `source`, or nil when it uses more than this matcher understands.
    init?(_ source: String) {
        var parser = Parser(bytes: Array(source.utf8))
        guard let alternatives = parser.alternatives() else { return nil }
        self.alternatives = alternatives
    }

    /// True when the whole of `value` matches; `value` must be one that `decides(_:)` accepts.
    func matches(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        alternatives.contains { Self.matches(value, $0) }
    }

    /// Follows every position the atoms can reach at once, as a bit set: no backtracking.
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, _ atoms: [Atom]) -> Bool {
        var reachable: UInt64 = 1
        for atom in atoms {
            var next: UInt64 = 0
            for start in 0...bytes.count where reachable & (1 << UInt64(start)) != 0 {
                var position = start
                var count = 0
                while true {
                    if count >= atom.minimum { next |= 1 << UInt64(position) }
                    guard count < atom.maximum, position < bytes.count, atom.bytes.contains(bytes[position]) else { break }
                    position += 1
                    count += 1
                }
            }
            reachable = next
            if reachable == 0 { return false }
        }
        return reachable & (1 << UInt64(bytes.count)) != 0
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        mutating func alternatives() -> [[Atom]]? {
            var result: [[Atom]] = [[]]
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "|"):
                    result.append([])
                case UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "{"):
                    guard var atom = result[result.count - 1].popLast(), atom.minimum == 1, atom.maximum == 1,
                          let (minimum, maximum) = count(after: byte) else { return nil }
                    atom.minimum = minimum
                    atom.maximum = maximum
                    result[result.count - 1].append(atom)
                    if index < bytes.count, bytes[index] == UInt8(ascii: "?") || bytes[index] == UInt8(ascii: "+") { return nil }
                case UInt8(ascii: "["):
                    guard let set = characterClass() else { return nil }
                    result[result.count - 1].append(Atom(bytes: set, minimum: 1, maximum: 1))
                case UInt8(ascii: "."):
                    result[result.count - 1].append(Atom(bytes: ByteSet().inverted, minimum: 1, maximum: 1))
                case UInt8(ascii: "\\"):
                    guard let set = escape() else { return nil }
                    result[result.count - 1].append(Atom(bytes: set, minimum: 1, maximum: 1))
                case 0x20...0x7E where !Self.special.contains(byte):
                    var set = ByteSet()
                    set.insert(byte)
                    result[result.count - 1].append(Atom(bytes: set, minimum: 1, maximum: 1))
                default:
                    return nil
                }
            }
            return result
        }

        private static let special = Set("()^$]}".utf8)

        /// The range of a quantifier whose first byte was `byte`.
        private mutating func count(after byte: UInt8) -> (Int, Int)? {
            switch byte {
            case UInt8(ascii: "?"): return (0, 1)
            case UInt8(ascii: "*"): return (0, Int.max)
            case UInt8(ascii: "+"): return (1, Int.max)
            default:
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "}")) else { return nil }
                let parts = bytes[index..<close].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                index = close + 1
                guard (1...2).contains(parts.count), let minimum = Self.number(parts[0]) else { return nil }
                if parts.count == 1 { return (minimum, minimum) }
                if parts[1].isEmpty { return (minimum, Int.max) }
                guard let maximum = Self.number(parts[1]), minimum <= maximum else { return nil }
                return (minimum, maximum)
            }
        }

        private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }

        /// `\d`, `\w`, `\s` or an escaped punctuation mark, the backslash already read.
        private mutating func escape() -> ByteSet? {
            guard index < bytes.count else { return nil }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "d"): return .digits
            case UInt8(ascii: "w"): return .word
            case UInt8(ascii: "s"): return .space
            case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E:
                var set = ByteSet()
                set.insert(byte)
                return set
            default: return nil
            }
        }

        /// A class after its `[`: members, ranges and escapes up to the `]`. Set operations
        /// (`&&`, `--`, `~~`), nested classes and a leading `]` are left to `Regex`.
        private mutating func characterClass() -> ByteSet? {
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")), close > index else { return nil }
            let body = String(decoding: bytes[index..<close], as: UTF8.self)
            guard !["&&", "--", "~~", "["].contains(where: body.contains) else { return nil }
            var set = ByteSet()
            let negated = bytes[index] == UInt8(ascii: "^")
            if negated { index += 1 }
            guard index < close else { return nil }
            while index < close {
                let byte = bytes[index]
                index += 1
                if byte == UInt8(ascii: "\\") {
                    guard let escaped = escape(), index <= close,
                          index == close || bytes[index] != UInt8(ascii: "-") || index + 1 == close else { return nil }
                    set = ByteSet(low: set.low | escaped.low, high: set.high | escaped.high)
                } else if index + 1 < close, bytes[index] == UInt8(ascii: "-") {
                    let upper = bytes[index + 1]
                    index += 2
                    guard upper != UInt8(ascii: "\\"), byte <= upper, (0x20...0x7E).contains(byte), (0x20...0x7E).contains(upper) else { return nil }
                    set.insert(byte...upper)
                } else {
                    guard (0x20...0x7E).contains(byte) else { return nil }
                    set.insert(byte)
                }
            }
            index = close + 1
            return negated ? set.inverted : set
        }
    }
}
