#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Converts a byte stream of one encoding into UTF-8 through iconv, chunk by chunk.
///
/// This file is huizong's only use of iconv, and iconv's descriptors and `errno` values stay in it:
/// callers see `ReadProblem`, as they do from `ExpatParser`. (iconv comes with the C library, which
/// other files import too, so no import keeps it here; nothing else calls it.) A multi-byte
/// sequence cut by a chunk boundary is kept and completed by the next chunk; an invalid sequence
/// stops the conversion with its byte offset counted from the start of the stream.
public final class Transcoder {
    /// The encoding name as iconv knows it, e.g. `GB18030`, `UTF-16LE`.
    public let sourceEncoding: String
    private let descriptor: iconv_t
    private var pending: [UInt8] = []
    private var consumedBefore = 0

    /// - Throws: `ReadProblem.unsupportedEncoding` when iconv does not know `encoding`.
    public init(from encoding: String) throws(ReadProblem) {
        let cd = iconv_open("UTF-8", encoding)
        if cd == iconv_t(bitPattern: -1) {
            throw .unsupportedEncoding(encoding)
        }
        sourceEncoding = encoding
        descriptor = cd!
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Appends the UTF-8 form of `chunk` to `output`.
    ///
    /// - Parameters:
    ///   - chunk: the next bytes of the stream.
    ///   - isFinal: true for the last chunk; an incomplete sequence left at its end is then invalid.
    ///   - output: receives the converted bytes.
    /// - Throws: `ReadProblem.invalidBytes` with the stream offset of the first invalid byte.
    public func convert(_ chunk: some Collection<UInt8>, isFinal: Bool, into output: inout [UInt8]) throws(ReadProblem) {
        var input = pending
        input.append(contentsOf: chunk)
        pending.removeAll(keepingCapacity: true)
        let total = input.count
        var outcome: (left: Int, errno: Int32) = (0, 0)
        input.withUnsafeMutableBufferPointer { inBuffer in
            var inPointer = UnsafeMutableRawPointer(inBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = total
            var scratch = [UInt8](repeating: 0, count: 64 * 1024)
            while inLeft > 0 {
                let status: Int32 = scratch.withUnsafeMutableBufferPointer { outBuffer in
                    var outPointer = UnsafeMutableRawPointer(outBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let error = result == -1 ? errno : 0
                    output.append(contentsOf: outBuffer[0..<(outBuffer.count - outLeft)])
                    return error
                }
                if status == E2BIG || status == 0 { continue }
                outcome = (inLeft, status)
                break
            }
        }
        let offset = consumedBefore + total - outcome.left
        switch outcome.errno {
        case 0:
            consumedBefore += total
        case EINVAL where !isFinal:
            pending = Array(input[(total - outcome.left)...])
            consumedBefore = offset
        default:
            throw .invalidBytes(encoding: sourceEncoding, offset: offset)
        }
    }

    /// Converts a whole byte sequence at once.
    public static func utf8(from bytes: some Collection<UInt8>, encoding: String) throws(ReadProblem) -> [UInt8] {
        let transcoder = try Transcoder(from: encoding)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2)
        try transcoder.convert(bytes, isFinal: true, into: &output)
        return output
    }
}
