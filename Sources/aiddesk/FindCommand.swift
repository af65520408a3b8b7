import ArgumentParser
import DeskCore
import DeskStore
import Foundation

struct FindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find a family by whatever was typed: name in any order, Latin letters, typos, wrong layout, phone, certificate.",
        discussion: """
            With no QUERY, reads one query per line from standard input and writes one JSON line per query \
            ({"query": ..., "results": [{"household", "person", "score", "match"}]}), so that thousands of \
            queries run in one process.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: "What the volunteer typed. Omit to read queries from standard input.") var query: [String] = []
    @Option(help: "How many results to show (1 to 1000).") var limit = 10
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        try reportingFailures(global) { strings in
            guard Limits.findLimit.contains(limit) else {
                throw CommandFailure(message: strings("limits.findLimit", [
                    "min": "\(Limits.findLimit.lowerBound)", "max": "\(Limits.findLimit.upperBound)", "value": "\(limit)",
                ]), status: 64)
            }
            let database = try global.openDatabase()
            let index = SearchIndex(records: try database.searchRecords())
            if query.isEmpty {
                // Every household a line of results shows is a look-up: recorded in the audit,
                // a few hundred at a time.
                var shown: [String] = []
                // Read in blocks with a cap on each line, never a whole line whatever its
                // length: a query is at most 200 characters (4 bytes each at most).
                var reader = BoundedLines(limit: 4 * TextInput.Limit.query)
                let input = FileHandle.standardInput
                func answer(_ lines: [BoundedLines.Line]) throws {
                    for line in lines {
                        let found = answerLine(line, index: index, database: database, limit: limit, strings: strings)
                        try printJSONLine(found)
                        shown += found.results.map(\.household)
                        if shown.count >= 500 {
                            try database.recordLookups(households: shown, kind: .find, context: global.context)
                            shown = []
                        }
                    }
                }
                while true {
                    let block = input.readData(ofLength: 64 * 1024)
                    if block.isEmpty { break }
                    try answer(reader.feed(block))
                }
                try answer(reader.end().map { [$0] } ?? [])
                try database.recordLookups(households: shown, kind: .find, context: global.context)
                return
            }
            let text = query.joined(separator: " ")
            try TextArgument.check(text, limit: TextInput.Limit.query, what: "text.what.query", strings: strings)
            let results: [SearchResult]
            do {
                results = try findResults(text, index: index, database: database, limit: limit)
            } catch let refusal as CardRefusal {
                guard case .wrongCheckDigit = refusal else { throw refusal }
                throw CommandFailure(message: strings.explain(refusal), status: 64)
            }
            try database.recordLookups(households: results.map(\.household), kind: .find, context: global.context)
            if json {
                try printJSONLine(FoundJSON(query: text, results: results))
                return
            }
            if results.isEmpty { print(strings("desk.noResults")) }
            for result in results {
                let why = result.kind == .exact || result.kind == .prefix ? "" : "  (" + strings("match.\(result.kind.rawValue)") + ")"
                print("\(result.household)  \(result.name)  \(String(format: "%.2f", result.score))\(why)")
            }
        }
    }
}

/// The answer to one line of standard input: its results, or why it was not searched (a
/// line too long, a control character in it).
func answerLine(
    _ line: BoundedLines.Line, index: SearchIndex, database: DeskDatabase, limit: Int, strings: Strings
) -> FoundJSON {
    switch line {
    case .tooLong(let start):
        var found = FoundJSON(query: start, results: [])
        found.error = strings("text.find.lineTooLong", ["limit": "\(4 * TextInput.Limit.query)"])
        return found
    case .text(let text):
        if let problem = TextInput.problem(in: text, limit: TextInput.Limit.query) {
            var found = FoundJSON(query: TextInput.excerpt(text, limit: 60), results: [])
            found.error = TextArgument.message(problem, value: text, what: strings("text.what.query"), strings: strings)
            return found
        }
        do {
            return FoundJSON(query: text, results: try findResults(text, index: index, database: database, limit: limit))
        } catch let refusal as CardRefusal {
            var found = FoundJSON(query: text, results: [])
            found.error = strings.explain(refusal)
            return found
        } catch {
            var found = FoundJSON(query: text, results: [])
            found.error = String(describing: error)
            return found
        }
    }
}

/// The search as `find` runs it: a household card's code names its family alone (the head, no
/// list to choose from); anything else goes to the search engine.
/// - Throws: `CardRefusal` for a code with a wrong check digit, a replaced card, an unknown one.
func findResults(_ text: String, index: SearchIndex, database: DeskDatabase, limit: Int) throws -> [SearchResult] {
    switch CardCode.read(text) {
    case .code(let code):
        let number = try database.household(forCard: code)
        var results = Array((index.search(number, limit: 50)?.results ?? []).filter { $0.household == number }
            .sorted { $0.member < $1.member }.prefix(1))
        for i in results.indices {
            results[i].kind = .card
            results[i].score = 1
        }
        return results
    case .wrongCheckDigit:
        throw CardRefusal.wrongCheckDigit(text.trimmingSpaces())
    case .notACode:
        return index.search(text, limit: limit)?.results ?? []
    }
}

/// One line of `find`'s JSON output.
struct FoundJSON: Encodable {
    struct Result: Encodable {
        var household: String
        var person: String
        var member: Int
        var score: Double
        var match: String
    }
    var query: String
    var results: [Result]
    /// Why the line was not searched; absent when it was.
    var error: String?

    init(query: String, results: [SearchResult]) {
        self.query = query
        self.results = results.map {
            Result(household: $0.household, person: $0.name, member: $0.member,
                   score: ($0.score * 1000).rounded() / 1000, match: $0.kind.rawValue)
        }
    }
}

/// One JSON object per line, flushed, so a script reading line by line sees each answer at once.
func printJSONLine<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    FileHandle.standardOutput.write(jsonForTerminal(try encoder.encode(value)) + Data("\n".utf8))
}
