import Testing
@testable import Huizong

@Suite struct TextEncodingTests {
    // MARK: UTF-8 validation

    @Test(arguments: [
        ([], nil),
        (Array("plain ASCII, longer than one eight-byte word".utf8), nil),
        (Array("名称 法治 €".utf8), nil),
        ([0xF0, 0x9F, 0x98, 0x80], nil),            // U+1F600
        ([0xF4, 0x8F, 0xBF, 0xBF], nil),            // U+10FFFF, the last code point
        ([0xEE, 0x80, 0x80], nil),                  // U+E000, just after the surrogates
        ([0x80], 0),                                // a continuation byte alone
        ([0xC0, 0x80], 0),                          // overlong NUL
        ([0xC1, 0xBF], 0),                          // overlong
        ([0xE0, 0x80, 0x80], 0),                    // overlong three-byte form
        ([0xF0, 0x80, 0x80, 0x80], 0),              // overlong four-byte form
        ([0xED, 0xA0, 0x80], 0),                    // U+D800, a surrogate
        ([0xED, 0xBF, 0xBF], 0),                    // U+DFFF, a surrogate
        ([0xF4, 0x90, 0x80, 0x80], 0),              // U+110000
        ([0xF5, 0x80, 0x80, 0x80], 0),
        ([0xFE], 0),
        ([0xFF], 0),
        ([0x61, 0x62, 0xE4, 0x41], 2),              // lead byte followed by ASCII
        ([0x61, 0xE4, 0xB8], 1),                    // cut off at the end
        (Array("0123456789".utf8) + [0xB7, 0xA8], 10),  // GB18030 "法" after a full word of ASCII
    ] as [([UInt8], Int?)])
    func validator(bytes: [UInt8], firstInvalid: Int?) {
        #expect(UTF8Validator.firstInvalidOffset(in: bytes) == firstInvalid)
    }

    @Test func validatorAgreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                    0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...6, using: &generator)).map { _ in interesting.randomElement(using: &generator)! }
            let valid = String(validating: bytes, as: UTF8.self) != nil
            #expect((UTF8Validator.firstInvalidOffset(in: bytes) == nil) == valid, "\(bytes)")
        }
    }

    /// Mostly Chinese and ASCII, with now and then a byte that breaks it, fed whole and cut into
    /// chunks anywhere: the same first offset either way, and the same as a byte at a time gives.
    @Test func validatorFindsTheSameOffsetHoweverTheStreamIsCut() {
        var random = SplitMix64(seed: 0x5554_4638)
        let pieces: [[UInt8]] = [Array("法治".utf8), Array("a,b".utf8), Array("€".utf8), [0xF0, 0x9F, 0x98, 0x80], [0xE4, 0xB8],
                                 [0xB7, 0xA8], [0x80], [0xED, 0xA0, 0x80], Array("0123456789".utf8)]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<random.below(40) {
                bytes += random.oneIn(12) ? random.pick(Array(pieces[4...7])) : random.pick(Array(pieces[0...3]) + [pieces[8]])
            }
            let whole = UTF8Validator.firstInvalidOffset(in: bytes)
            for chunkSize in [1, 2, 3, 5, 1 + random.below(16)] {
                var validator = UTF8Validator()
                var found: Int?
                var start = 0
                while found == nil, start < bytes.count {
                    let end = min(bytes.count, start + chunkSize)
                    found = bytes[start..<end].withUnsafeBufferPointer { validator.validate($0) }
                    start = end
                }
                #expect((found ?? validator.finish()) == whole, "\(bytes) in chunks of \(chunkSize)")
            }
            #expect((whole == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
    }

    @Test func validatorCarriesSequencesAcrossChunks() {
        let bytes = Array("a法治b".utf8) + [0xE4, 0x41]
        var validator = UTF8Validator()
        var firstInvalid: Int?
        for byte in bytes where firstInvalid == nil {
            firstInvalid = [byte].withUnsafeBufferPointer { validator.validate($0) }
        }
        #expect(firstInvalid == 8)
    }

    // MARK: Detection

    @Test(arguments: [
        ([], .utf8, 0, nil),
        ([0xEF, 0xBB, 0xBF], .utf8, 3, nil),
        ([0xEF, 0xBB, 0xBF, 0xB7, 0xA8], .utf8, 3, nil),   // invalid after the BOM: still UTF-8
        ([0xFF, 0xFE, 0x61, 0x00], .utf16LE, 2, nil),
        ([0xFE, 0xFF, 0x00, 0x61], .utf16BE, 2, nil),
        ([0xFF, 0xFE], .utf16LE, 2, nil),
        (Array("名称,代码".utf8), .utf8, 0, nil),
        ([0xB7, 0xA8, 0xD6, 0xCE], .gb18030, 0, 0),        // "法治" in GB18030
        (Array("a,".utf8) + [0xB7, 0xA8], .gb18030, 0, 2), // where UTF-8 stopped is kept
        ([0xEF, 0xBB], .gb18030, 0, 0),                    // a cut-off BOM is not UTF-8
        ([0xFF], .gb18030, 0, 0),
    ] as [([UInt8], TextEncoding, Int, Int?)])
    func detection(bytes: [UInt8], encoding: TextEncoding, byteOrderMarkLength: Int, firstNonUTF8Byte: Int?) {
        let expected = TextEncodingDetector.Detection(encoding: encoding, byteOrderMarkLength: byteOrderMarkLength,
                                                      firstNonUTF8Byte: firstNonUTF8Byte)
        #expect(TextEncodingDetector.detect(bytes) == expected)
        var detector = TextEncodingDetector()
        for byte in bytes {
            _ = [byte].withUnsafeBufferPointer { detector.feed($0) }
        }
        #expect(detector.finish() == expected, "fed byte by byte")
    }

    @Test func aBOMSettlesDetectionWithoutReadingFurther() {
        var detector = TextEncodingDetector()
        let detection = [UInt8]([0xFE, 0xFF, 0x00]).withUnsafeBufferPointer { detector.feed($0) }
        #expect(detection == TextEncodingDetector.Detection(encoding: .utf16BE, byteOrderMarkLength: 2))
    }

    @Test func validUTF8IsOnlySettledAtTheEnd() {
        var detector = TextEncodingDetector()
        #expect(Array("名称".utf8).withUnsafeBufferPointer { detector.feed($0) } == nil)
        #expect(detector.finish() == TextEncodingDetector.Detection(encoding: .utf8, byteOrderMarkLength: 0))
    }
}
