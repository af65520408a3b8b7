import DeskUI
import Foundation
import Testing

/// Golden screens, as tig keeps them: the text of every row, compared line by line.
/// Re-record with `AIDDESK_RECORD_GOLDENS=1 swift test --filter DeskUITests`, then read the
/// diff of Tests/DeskUITests/Goldens before committing.
enum Golden {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Goldens")

    static func check(_ buffer: ScreenBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name + ".txt")
        let actual = buffer.text + "\n"
        if ProcessInfo.processInfo.environment["AIDDESK_RECORD_GOLDENS"] != nil {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("no golden \(name).txt: record it with AIDDESK_RECORD_GOLDENS=1", sourceLocation: sourceLocation)
            return
        }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for row in 0..<max(a.count, e.count) {
            let got = row < a.count ? String(a[row]) : "<missing>"
            let want = row < e.count ? String(e[row]) : "<missing>"
            #expect(got == want, "\(name) row \(row)", sourceLocation: sourceLocation)
        }
    }
}
