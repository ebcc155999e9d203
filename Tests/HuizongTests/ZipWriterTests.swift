import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// The zip container is read back by Python's zipfile, which checks every entry's CRC-32 and sizes.
@Suite struct ZipWriterTests {
    @Test func pythonsZipfileReadsEveryEntryBack() throws {
        let path = try TestSupport.temporaryFolder() + "/parts.zip"
        var noise = SplitMix64(seed: 7)
        let incompressible = (0..<700_000).map { _ in UInt8(truncatingIfNeeded: noise.next()) }
        let repetitive = Array((0..<60_000).map { "<row r=\"\($0)\"><c t=\"inlineStr\"><is><t>第\($0)行</t></is></c></row>" }.joined().utf8)
        let output = try AtomicFile.create(path)
        let zip = try ZipWriter(output)
        try zip.add("empty.txt", "")
        try zip.add("目录/说明.txt", "汇总")
        try zip.begin("sheet.xml")
        for start in stride(from: 0, to: repetitive.count, by: 100_000) {
            try zip.write(Array(repetitive[start..<min(start + 100_000, repetitive.count)]))
        }
        try zip.end()
        try zip.begin("noise.bin")
        try zip.write(incompressible)
        try zip.end()
        try zip.finish()
        try output.commit()

        let script = """
        import hashlib, sys, zipfile
        with zipfile.ZipFile(sys.argv[1]) as z:
            assert z.testzip() is None
            for info in z.infolist():
                data = z.read(info)
                print(info.filename, info.compress_type, len(data), info.compress_size <= len(data) * 1.01 + 64, hashlib.sha256(data).hexdigest())
        """
        let result = try BinaryRunner.runProgram("/usr/bin/env", ["python3", "-c", script, path])
        try #require(result.status == 0, "\(result.stderr)")
        func digest(_ bytes: [UInt8]) throws -> String {
            let file = try TestSupport.temporaryFolder() + "/bytes"
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            let sum = try BinaryRunner.runProgram("/usr/bin/env", ["sha256sum", file])
            return String(sum.stdout.prefix(64))
        }
        #expect(result.stdout.split(separator: "\n").map(String.init) == [
            "empty.txt 8 0 True \(try digest([]))",
            "目录/说明.txt 8 6 True \(try digest(Array("汇总".utf8)))",
            "sheet.xml 8 \(repetitive.count) True \(try digest(repetitive))",
            "noise.bin 8 \(incompressible.count) True \(try digest(incompressible))",
        ])
    }
}
