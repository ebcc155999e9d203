import Testing
@testable import Huizong

@Suite struct TranscoderTests {
    @Test func gb18030ToUTF8() throws {
        // "法治" in GB18030
        let out = try Transcoder.utf8(from: [0xB7, 0xA8, 0xD6, 0xCE], encoding: "GB18030")
        #expect(String(decoding: out, as: UTF8.self) == "法治")
    }

    @Test func sequenceSplitAcrossChunks() throws {
        let t = try Transcoder(from: "GB18030")
        var out: [UInt8] = []
        try t.convert([0xB7], isFinal: false, into: &out)
        try t.convert([0xA8, 0xD6], isFinal: false, into: &out)
        try t.convert([0xCE], isFinal: true, into: &out)
        #expect(String(decoding: out, as: UTF8.self) == "法治")
    }

    @Test func invalidByteReportsStreamOffset() throws {
        let t = try Transcoder(from: "GB18030")
        var out: [UInt8] = []
        try t.convert(Array("abc".utf8), isFinal: false, into: &out)
        #expect(throws: ReadProblem.invalidBytes(encoding: "GB18030", offset: 5)) {
            try t.convert([0x41, 0x42, 0x80, 0x41], isFinal: true, into: &out)
        }
    }

    @Test func truncatedSequenceAtEndIsInvalid() {
        #expect(throws: ReadProblem.invalidBytes(encoding: "GB18030", offset: 1)) {
            try Transcoder.utf8(from: [0x41, 0xB7], encoding: "GB18030")
        }
    }

    @Test func unknownEncoding() {
        #expect(throws: ReadProblem.unsupportedEncoding("NO-SUCH-ENCODING")) {
            try Transcoder(from: "NO-SUCH-ENCODING")
        }
    }
}
