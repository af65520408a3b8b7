import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where and how the database file may live: private to its owner, on a local disk.
public enum FileSafety {
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case networkFilesystem(path: String, kind: String)
        case cannotCreate(path: String, reason: String)

        public var description: String {
            switch self {
            case .networkFilesystem(let path, let kind):
                return "\(path) is on a network filesystem (\(kind)); all desks must use a database on the machine's own disk"
            case .cannotCreate(let path, let reason):
                return "cannot create \(path): \(reason)"
            }
        }
    }

    /// Creates the folder (0700) and an empty file (0600) when missing, and refuses a
    /// network filesystem. SQLite gives its -wal and -shm files the database file's mode.
    public static func prepareDatabaseFile(at path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw Problem.cannotCreate(path: folder, reason: "\(error.localizedDescription)")
            }
        }
        if let kind = networkFilesystemKind(of: folder) {
            throw Problem.networkFilesystem(path: path, kind: kind)
        }
        if !FileManager.default.fileExists(atPath: path) {
            let fd = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
            if fd < 0 && errno != EEXIST {
                throw Problem.cannotCreate(path: path, reason: String(cString: strerror(errno)))
            }
            if fd >= 0 { close(fd) }
        }
    }

    /// The filesystem type of `path` when it is a network one (`nfs4`, `cifs`, `fuse.sshfs`…),
    /// else nil. Read from /proc/self/mounts: the longest mount point that contains the path.
    public static func networkFilesystemKind(of path: String) -> String? {
        guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        return networkFilesystemKind(of: resolved, mounts: mounts)
    }

    /// The same, from the text of a mounts table (split out so tests can feed one).
    public static func networkFilesystemKind(of path: String, mounts: String) -> String? {
        let network: Set<String> = [
            "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "lustre",
            "fuse.sshfs", "sshfs", "davfs", "fuse.davfs", "fuse.rclone", "fuse.gvfsd-fuse",
        ]
        var best: (mountPoint: String, type: String)?
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            // Spaces in mount points are written as \040.
            let mountPoint = fields[1].replacingOccurrences(of: "\\040", with: " ")
            let inside = mountPoint == "/" || path == mountPoint || path.hasPrefix(mountPoint + "/")
            if inside, mountPoint.count >= (best?.mountPoint.count ?? -1) {
                best = (mountPoint, String(fields[2]))
            }
        }
        guard let best, network.contains(best.type) else { return nil }
        return best.type
    }
}

// What a command may write: never one of our own files, and never readable by others.
extension FileSafety {
    /// A file a command was asked to write, refused because it is one of the hub's own.
    public struct OwnFile: Error, Equatable, CustomStringConvertible {
        public enum Kind: String, Sendable, Equatable {
            /// The database, or its `-wal`, `-shm` or `-journal` (through a symlink or hard link too).
            case database
            /// A file in `backups/` beside a database, or the folder itself.
            case backup
            /// Any other SQLite database (a backup written elsewhere with `aiddesk backup DEST`, the demo).
            case sqliteFile
        }

        public var path: String
        public var kind: Kind

        public var description: String { "\(path) is one of the hub's own files (\(kind.rawValue)): not overwritten" }
    }

    /// The files that a database at `path` lives in: itself and SQLite's companions.
    static func companions(of path: String) -> [String] {
        ["", "-wal", "-shm", "-journal"].map { path + $0 }
    }

    /// The path with every symlink resolved, also when the file itself does not exist yet
    /// (its folder is resolved, and the name kept).
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if let real = realpath(url.path, nil) {
            defer { free(real) }
            return String(cString: real)
        }
        let folder = url.deletingLastPathComponent().path
        guard let real = realpath(folder, nil) else { return url.path }
        defer { free(real) }
        return URL(fileURLWithPath: String(cString: real)).appendingPathComponent(url.lastPathComponent).path
    }

    /// Device and inode of what `path` names, following symlinks; nil when nothing is there.
    static func identity(_ path: String) -> (dev: UInt64, ino: UInt64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Refuses `output` when writing it would overwrite one of the hub's own files: any of
    /// `databases` (with its `-wal`, `-shm`, `-journal`), anything in the `backups/` folder beside
    /// one of them, or any existing SQLite database file. Symlinks are followed, and hard links
    /// caught by comparing device and inode, so no other spelling of a path gets through.
    /// The one check every command that writes a file runs.
    public static func checkOutput(_ output: String, protecting databases: [String]) throws {
        let target = resolved(output)
        let targetIdentity = identity(target)
        for database in databases {
            for own in companions(of: database) {
                if resolved(own) == target { throw OwnFile(path: output, kind: .database) }
                if let targetIdentity, let ownIdentity = identity(own), ownIdentity == targetIdentity {
                    throw OwnFile(path: output, kind: .database)
                }
            }
            let backups = URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("backups").path
            if let folder = identity(backups) {
                let parent = URL(fileURLWithPath: target).deletingLastPathComponent().path
                if identity(parent).map({ $0 == folder }) == true || targetIdentity.map({ $0 == folder }) == true {
                    throw OwnFile(path: output, kind: .backup)
                }
            }
        }
        if targetIdentity != nil, isSQLiteFile(target) { throw OwnFile(path: output, kind: .sqliteFile) }
    }

    /// True when the file starts with SQLite's header: a database, whatever its name.
    static func isSQLiteFile(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// Writes `data` to `path` after `checkOutput`, whole or not at all, readable and writable by
    /// its owner only (0600) whatever the umask: what we write holds people's data. A symlink is
    /// followed, so the file it points at is the one replaced.
    public static func writePrivateFile(_ data: Data, to path: String, protecting databases: [String]) throws {
        try checkOutput(path, protecting: databases)
        let target = resolved(path)
        let folder = URL(fileURLWithPath: target).deletingLastPathComponent().path
        var template = Array((folder + "/.aiddesk-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Problem.cannotCreate(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var failure: Int32 = 0
        if fchmod(descriptor, 0o600) != 0 { failure = errno }
        data.withUnsafeBytes { buffer in
            var offset = 0
            while failure == 0 && offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno != EINTR { failure = errno }
                } else {
                    offset += written
                }
            }
        }
        if failure == 0 && fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0 && rename(temporary, target) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary)
            throw Problem.cannotCreate(path: path, reason: String(cString: strerror(failure)))
        }
    }
}
