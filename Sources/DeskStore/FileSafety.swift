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
