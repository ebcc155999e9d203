/// What a night reports while it goes, for the terminal: a progress bar on a TTY, a few plain log
/// lines under cron. Called on the run's own thread; every method has a default that does nothing.
public protocol RunObserver: AnyObject {
    /// An earlier run cut short is being finished first.
    func finishingEarlierRun()
    /// The inbox was listed: the files to read and their bytes in all.
    func listed(files: Int, bytes: Int64)
    /// A file is about to be read.
    func started(file: String, bytes: Int64)
    /// Another data row of the current file was read.
    func readRow()
    /// A file was read and settled into the run (its final status comes with the summary).
    func finished(file: String, rowsRead: Int)
}

extension RunObserver {
    public func finishingEarlierRun() {}
    public func listed(files: Int, bytes: Int64) {}
    public func started(file: String, bytes: Int64) {}
    public func readRow() {}
    public func finished(file: String, rowsRead: Int) {}
}
