import DeskCore
import Foundation

/// Reads the register file an import was given, refusing in plain words what is not one: a
/// folder, a device (`/dev/zero` would never end), a pipe, a file too large to be a register.
/// Never reads more than `limit` bytes, whatever the file claims or grows to while read.
enum RegisterFileReading {
    /// 128 MiB: a register of 110,000 people is about 15 MB in UTF-8 with every column filled,
    /// so this is generous for any hub, and small enough to read and parse in memory.
    static let limit = 128 * 1024 * 1024

    static func contents(of path: String, strings: Strings, limit: Int = limit) throws -> Data {
        func failure(_ key: String, _ values: [String: String] = [:]) -> CommandFailure {
            CommandFailure(message: strings(key, values.merging(["path": path]) { a, _ in a }))
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            switch errno {
            case ENOENT, ENOTDIR: throw failure("import.file.missing")
            case EACCES: throw failure("import.file.noPermission")
            default: throw failure("import.file.unreadable", ["reason": String(cString: strerror(errno))])
            }
        }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw failure("import.file.folder") }
        guard kind == S_IFREG else { throw failure("import.file.notRegular") }
        if Int(info.st_size) > limit { throw tooLarge(path, strings: strings, limit: limit) }

        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            if errno == EACCES { throw failure("import.file.noPermission") }
            throw failure("import.file.unreadable", ["reason": String(cString: strerror(errno))])
        }
        defer { close(descriptor) }
        // Swapped for something else between the look and the open: look again at what was opened.
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw failure("import.file.notRegular")
        }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("import.file.unreadable", ["reason": String(cString: strerror(errno))])
            }
            if count == 0 { break }
            data.append(contentsOf: chunk[0..<count])
            if data.count > limit { throw tooLarge(path, strings: strings, limit: limit) }
        }
        return data
    }

    private static func tooLarge(_ path: String, strings: Strings, limit: Int) -> CommandFailure {
        CommandFailure(message: strings("import.file.tooLarge", ["path": path, "limit": "\(limit / (1024 * 1024))"]))
    }
}
