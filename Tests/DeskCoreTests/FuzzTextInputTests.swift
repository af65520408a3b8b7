import DeskCore
import Foundation
import Testing

/// The one text rule under random Unicode: what the command line, the register and `find`'s
/// standard input check with (`TextInput.problem`), what leaves for a terminal or JSON
/// (`escapedForTerminal`, `escapedJSON`), the spreadsheet cells (`CSVTable`) and the bounded
/// line reader. Seeded like the other fuzz targets; `FUZZ_ITERATIONS` for the full million.
@Suite("Fuzz: the text rule")
struct FuzzTextInputTests {
    static let defaultCount = 20_000
    static let pieces: [String] = [
        "Коваленко", "ʼ", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "\u{0}", "\u{1B}[2J", "\u{7F}", "\u{85}",
        "\u{9B}", "\u{202A}", "\u{202E}", "\u{2066}", "\u{2069}", "\u{0301}", "🇺🇦", "👨‍👩‍👧", "0", "380", ".", ",", " ",
        "\"", ";", "日", "\u{FFFD}", "\u{2028}", "\u{200D}", "\u{10FFFF}",
    ]

    static func text(_ g: inout SplitMix64) -> String {
        var text = ""
        for _ in 0..<g.int(0...12) {
            if g.chance(15), let scalar = Unicode.Scalar(UInt32(g.below(0x11_0000))) {
                text.unicodeScalars.append(scalar)
            } else {
                text += g.pick(pieces)
            }
        }
        return text
    }

    @Test func theRuleEscapingAndCellsHoldForAnyText() throws {
        let count = Fuzz.iterations(default: Self.defaultCount)
        try Fuzz.run("text rule", target: 21, count: count) { g, number in
            let text = Self.text(&g)
            let limit = g.int(0...40)
            let scalars = Array(text.unicodeScalars)
            let expected: TextInput.Problem? =
                if let k = scalars.prefix(limit + 1).firstIndex(where: TextInput.isRefused) {
                    .controlCharacter(scalars[k])
                } else if scalars.count > limit {
                    .tooLong(limit: limit)
                } else {
                    nil
                }
            let found = TextInput.problem(in: text, limit: limit)
            if found != expected {
                Issue.record("input \(number): \(String(reflecting: found)) for \(String(reflecting: text)). \(Fuzz.replay(number))")
            }
            let shown = TextInput.escapedForTerminal(text)
            if shown.unicodeScalars.contains(where: { TextInput.isRefused($0) && $0 != "\n" })
                || (!scalars.contains(where: TextInput.isRefused) && shown != text)
            {
                Issue.record("input \(number): escaped as \(String(reflecting: shown)). \(Fuzz.replay(number))")
            }
            let json = String(decoding: try JSONEncoder().encode([text]), as: UTF8.self)
            let escaped = TextInput.escapedJSON(json)
            if escaped.unicodeScalars.contains(where: TextInput.isRefused)
                || (try? JSONDecoder().decode([String].self, from: Data(escaped.utf8))) != [text]
            {
                Issue.record("input \(number): JSON \(String(reflecting: escaped)). \(Fuzz.replay(number))")
            }
            let cell = CSVTable.neutralised(text)
            if CSVTable.restored(cell) != text
                || (cell.first.map { "=+-@\t\r".contains($0) } == true && !(text.first == "+" || text.first == "-"))
            {
                Issue.record("input \(number): cell \(String(reflecting: cell)). \(Fuzz.replay(number))")
            }
            // The same lines whatever the blocks they arrive in.
            let bytes = Array(text.utf8)
            let lineLimit = g.int(1...30)
            var reader = BoundedLines(limit: lineLimit)
            var lines: [BoundedLines.Line] = []
            var at = 0
            while at < bytes.count {
                let end = min(bytes.count, at + g.int(1...8))
                lines += reader.feed(bytes[at..<end])
                at = end
            }
            if let last = reader.end() { lines.append(last) }
            var reference: [BoundedLines.Line] = []
            var parts = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            if parts.last?.isEmpty == true { parts.removeLast() }
            for var part in parts {
                if part.last == 0x0D { part.removeLast() }
                reference.append(part.count > lineLimit ? .tooLong(start: "") : .text(String(decoding: part, as: UTF8.self)))
            }
            let same = lines.count == reference.count && zip(lines, reference).allSatisfy { got, want in
                switch (got, want) {
                case (.text(let a), .text(let b)): a == b
                case (.tooLong, .tooLong): true
                default: false
                }
            }
            if !same {
                Issue.record("input \(number): lines \(lines) for \(String(reflecting: text)) at \(lineLimit). \(Fuzz.replay(number))")
            }
        }
    }
}
