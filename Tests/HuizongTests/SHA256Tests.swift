import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

struct SHA256Tests {
    /// FIPS 180-4 example messages and their digests (NIST CSRC "Examples with intermediate values").
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVector(message: String, digest: String) {
        #expect(SHA256.hexDigest(Array(message.utf8)) == digest)
    }

    @Test func oneMillionA() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        var hasher = SHA256()
        let thousand = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 {
            hasher.update(thousand)
        }
        #expect(hasher.finalizeHex() == expected)
        #expect(SHA256.hexDigest([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == expected)
    }

    @Test func finalizeStartsOver() {
        var hasher = SHA256()
        hasher.update("abc".utf8)
        _ = hasher.finalize()
        #expect(hasher.finalizeHex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Every split of a message that spans three blocks, so pending bytes meet every block offset.
    @Test func splitUpdatesGiveTheSameDigest() {
        let message = (0..<131).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = SHA256.hexDigest(message)
        for boundary in 0...130 {
            var hasher = SHA256()
            hasher.update(message[..<boundary])
            hasher.update(message[boundary...])
            #expect(hasher.finalizeHex() == whole, "split at \(boundary)")
        }
    }

    @Test func fileDigestMatchesSha256sum() throws {
        let path = try TestSupport.temporaryFolder() + "/random.bin"
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<3 << 20).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let result = try BinaryRunner.runProgram("/usr/bin/sha256sum", [path])
        try #require(result.status == 0)
        let expected = String(result.stdout.prefix(64))
        #expect(try SHA256.hexDigest(ofFile: path) == expected)
        #expect(SHA256.hexDigest(bytes) == expected)
    }

    @Test func unreadableFile() {
        #expect(throws: ReadProblem.unreadable(reason: "No such file or directory")) {
            try SHA256.hexDigest(ofFile: "/nonexistent/huizong-sha256-test")
        }
        #expect {
            try SHA256.hexDigest(ofFile: "/")
        } throws: { error in
            guard case .unreadable = error as? ReadProblem else { return false }
            return true
        }
    }
}

extension SHA256 {
    /// The digest in hex, to compare with `hexDigest` and `sha256sum`.
    mutating func finalizeHex() -> String {
        finalize().map { String(format: "%02x", $0) }.joined()
    }
}
