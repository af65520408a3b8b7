import ArgumentParser
import DeskCore
import DeskStore
import Foundation

/// `aiddesk duplicates`: possible duplicate registrations, and the coordinator's two answers.
struct DuplicatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duplicates",
        abstract: "Possible duplicate registrations: list them, merge two households, or mark a pair as different people.",
        discussion: """
            A possible duplicate is one person in two households: the same IDP certificate number, \
            the same name and birth date, the same phone, or a near-identical name and the same birth date. \
            People are named HOUSEHOLD/NUMBER: 00417/2 is the second member listed for household 00417.
            """,
        subcommands: [List.self, Merge.self, Not.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List possible duplicates with their evidence (the default).")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON for scripts.") var json = false

        func run() throws {
            try reportingFailures(global) { strings in
                let report = try global.openDatabase().possibleDuplicates()
                if json {
                    try printJSON(DuplicatesJSON(report))
                    return
                }
                print(renderDuplicates(report, strings: strings), terminator: "")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Merge household OTHER into KEEP: one family from now on, both histories kept.",
            discussion: """
                OTHER keeps its records and history; its number opens KEEP from now on, and the rules count \
                OTHER's issuances as KEEP's, so a kit either household received is not handed out again. \
                If both already hold the same kit in one distribution, the merge is done and the double issue \
                is reported, for the coordinator to void one (aiddesk void ID --reason ...). Logged in the audit.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The household that stays.") var keep: String
        @Argument(help: "The household merged into it.") var other: String
        @Option(help: "Why (recorded in the audit log).") var reason: String

        func run() throws {
            try reportingFailures(global) { strings in
                try explainingDuplicateErrors(strings) {
                    let database = try global.openDatabase()
                    let outcome = try database.mergeHouseholds(
                        keep: keep, other: other, reason: reason, context: global.context)
                    print(strings("duplicates.merged", [
                        "merged": outcome.merged.joined(separator: ", "), "keep": outcome.kept,
                    ]))
                    for double in outcome.doubleIssues {
                        print(strings("duplicates.doubleIssue", [
                            "kit": database.catalogue[double.kit]?.name(in: strings.language) ?? double.kit,
                            "distribution": double.distributionName,
                            "ids": double.issuanceIds.map(String.init).joined(separator: ", "),
                            "last": String(double.issuanceIds.last ?? 0),
                        ]))
                    }
                }
            }
        }
    }

    struct Not: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "not",
            abstract: "Mark two people as different people: the pair is never proposed again.",
            discussion: "Name each person as the list does: HOUSEHOLD/NUMBER, for example 00417/1 00952/2.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "One person: HOUSEHOLD/NUMBER.") var first: String
        @Argument(help: "The other person: HOUSEHOLD/NUMBER.") var second: String
        @Option(help: "Why (recorded in the audit log).") var reason: String?

        func run() throws {
            try reportingFailures(global) { strings in
                try explainingDuplicateErrors(strings) {
                    let database = try global.openDatabase()
                    let marked = try database.markNotDuplicate(
                        first, second, reason: reason ?? "", context: global.context)
                    let values = [
                        "first": marked.first.reference, "second": marked.second.reference,
                        "firstName": marked.first.person.fullName, "secondName": marked.second.person.fullName,
                    ]
                    print(strings(marked.isNew ? "duplicates.markedNot" : "duplicates.alreadyNot", values))
                }
            }
        }
    }
}

/// `DuplicateError` in the user's language, with its exit status.
func explainingDuplicateErrors(_ strings: Strings, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as DuplicateError {
        switch error {
        case .badPersonReference(let value):
            throw CommandFailure(message: strings("duplicates.error.badReference", ["value": value]), status: 64)
        case .unknownPerson(let value):
            throw CommandFailure(message: strings("duplicates.error.unknownPerson", ["value": value]), status: 5)
        case .samePerson(let value):
            throw CommandFailure(message: strings("duplicates.error.samePerson", ["value": value]), status: 64)
        case .sameHousehold(let household):
            throw CommandFailure(message: strings("duplicates.error.sameHousehold", ["household": household]), status: 64)
        case .alreadyMerged(let household, let into):
            throw CommandFailure(message: strings("duplicates.error.alreadyMerged", ["household": household, "into": into]))
        }
    }
}

func evidenceText(_ evidence: [DuplicateEvidence], strings: Strings) -> String {
    evidence.map { strings("duplicates.evidence.\($0.rawValue)") }.joined(separator: ", ")
}

/// The list as the coordinator reads it, with what to type next for the first pair.
func renderDuplicates(_ report: DuplicateReport, strings: Strings) -> String {
    var lines: [String] = []
    if report.matches.isEmpty {
        lines.append(strings("duplicates.none"))
    } else {
        lines.append(strings("duplicates.header", ["count": "\(report.matches.count)"]))
        for (n, match) in report.matches.enumerated() {
            lines.append(strings("duplicates.pair", ["n": "\(n + 1)", "evidence": evidenceText(match.evidence, strings: strings)]))
            for person in [match.first, match.second] {
                lines.append(strings("duplicates.person", [
                    "reference": person.reference, "name": person.person.fullName,
                    "birth": person.person.birthDate?.dotted ?? strings("duplicates.noBirthDate"),
                    "settlement": person.settlement,
                    "family": person.family == person.household
                        ? "" : strings("duplicates.servedAs", ["household": person.family]),
                ]))
            }
        }
    }
    for key in report.crowded {
        lines.append(strings("duplicates.crowded.\(key.evidence.rawValue)", ["value": key.value, "people": "\(key.people)"]))
    }
    if let first = report.matches.first {
        lines.append("")
        lines.append(strings("duplicates.hintMerge", ["keep": first.first.family, "other": first.second.family]))
        lines.append(strings("duplicates.hintNot", ["first": first.first.reference, "second": first.second.reference]))
    }
    return lines.joined(separator: "\n") + "\n"
}

/// `aiddesk duplicates --json`.
struct DuplicatesJSON: Encodable {
    struct PersonJSON: Encodable {
        var ref: String
        var household: String
        var family: String
        var member: Int
        var name: String
        var birth_date: String?
        var settlement: String
    }
    struct PairJSON: Encodable {
        var evidence: [String]
        var people: [PersonJSON]
    }
    struct CrowdedJSON: Encodable {
        var evidence: String
        var value: String
        var people: Int
    }
    var count: Int
    var pairs: [PairJSON]
    var crowded: [CrowdedJSON]

    init(_ report: DuplicateReport) {
        func person(_ p: DuplicatePerson) -> PersonJSON {
            PersonJSON(ref: p.reference, household: p.household, family: p.family, member: p.member,
                       name: p.person.fullName, birth_date: p.person.birthDate?.iso, settlement: p.settlement)
        }
        count = report.matches.count
        pairs = report.matches.map { PairJSON(evidence: $0.evidence.map(\.rawValue), people: [person($0.first), person($0.second)]) }
        crowded = report.crowded.map { CrowdedJSON(evidence: $0.evidence.rawValue, value: $0.value, people: $0.people) }
    }
}
