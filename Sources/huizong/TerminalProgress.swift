import Foundation
import Huizong
import Logging

/// How a night shows itself while it runs (PRODUCT §7.3): a progress bar over files and bytes with
/// rows per second when stderr is a terminal, a few plain log lines otherwise (cron, systemd), per-file
/// lines with `--verbose`, nothing with `--quiet`.
final class TerminalProgress: RunObserver {
    enum Mode {
        case bar, log, quiet
    }

    private let mode: Mode
    private let logger: Logger
    private let zh: Bool
    private var totalFiles = 0
    private var totalBytes: Int64 = 0
    private var filesDone = 0
    private var bytesDone: Int64 = 0
    private var currentBytes: Int64 = 0
    private var currentName = ""
    private var rows = 0
    private let started = Date()
    private var lastDrawn = Date.distantPast

    init(mode: Mode, logger: Logger, language: Language) {
        self.mode = mode
        self.logger = logger
        zh = language == .zh
    }

    /// The mode for the flags and the terminal: the bar only when stderr is a terminal, whatever `TERM` says.
    static func mode(quiet: Bool) -> Mode {
        quiet ? .quiet : isatty(STDERR_FILENO) == 1 ? .bar : .log
    }

    func finishingEarlierRun() {
        guard mode != .quiet else { return }
        logger.info(Logger.Message(stringLiteral: zh ? "先补完上次中断的汇总" : "finishing a run that was cut short"))
    }

    func listed(files: Int, bytes: Int64) {
        totalFiles = files
        totalBytes = bytes
        guard mode == .log else { return }
        let size = Self.megabytes(bytes)
        logger.info(Logger.Message(stringLiteral: zh ? "inbox 中有 \(files) 个文件待处理，共 \(size) MB" : "\(files) files to process in the inbox, \(size) MB"))
    }

    func started(file: String, bytes: Int64) {
        currentName = file
        currentBytes = bytes
        if mode != .bar { logger.debug(Logger.Message(stringLiteral: (zh ? "读取 " : "reading ") + TerminalText.visible(file))) }
        draw(force: true)
    }

    func readRow() {
        rows += 1
        if rows & 0x3FF == 0 { draw(force: false) }
    }

    func finished(file: String, rowsRead: Int) {
        filesDone += 1
        bytesDone += currentBytes
        if mode != .bar {
            logger.debug(Logger.Message(stringLiteral: zh ? "\(TerminalText.visible(file))：\(rowsRead) 行" : "\(TerminalText.visible(file)): \(rowsRead) rows"))
        }
        draw(force: true)
    }

    /// Clears the bar before the summary is printed.
    func end() {
        if mode == .bar, totalFiles > 0 {
            FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
        logger.debug(Logger.Message(stringLiteral: zh ? "用时 \(seconds) 秒" : "took \(seconds) s"))
    }

    private func draw(force: Bool) {
        guard mode == .bar, totalFiles > 0 else { return }
        let now = Date()
        guard force || now.timeIntervalSince(lastDrawn) >= 0.1 else { return }
        lastDrawn = now
        let fraction = totalBytes > 0 ? min(1, Double(bytesDone) / Double(totalBytes)) : Double(filesDone) / Double(totalFiles)
        let width = 24
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let rate = Int(Double(rows) / elapsed)
        let name = String(TerminalText.visible(currentName).suffix(24))
        let line = zh
            ? "\r[\(bar)] \(filesDone)/\(totalFiles) 文件 \(Self.megabytes(bytesDone))/\(Self.megabytes(totalBytes)) MB \(rate) 行/秒 \(name)"
            : "\r[\(bar)] \(filesDone)/\(totalFiles) files \(Self.megabytes(bytesDone))/\(Self.megabytes(totalBytes)) MB \(rate) rows/s \(name)"
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    private static func megabytes(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }
}
