import Foundation

/// What the coordinator counts when closing a distribution: per kit, what the ledger says
/// should be on the shelf (`received - issued`).
public struct CloseOutSheet: Sendable, Hashable {
    public struct Line: Sendable, Hashable {
        public var kit: String
        public var received: Int
        public var issued: Int
        public var expected: Int { received.saturatingSubtracting(issued) }

        public init(kit: String, received: Int, issued: Int) {
            self.kit = kit
            self.received = received
            self.issued = issued
        }
    }

    public var distributionId: Int64
    public var name: String
    public var date: CivilDate
    /// In catalogue order.
    public var lines: [Line]

    public init(distributionId: Int64, name: String, date: CivilDate, lines: [Line]) {
        self.distributionId = distributionId
        self.name = name
        self.date = date
        self.lines = lines
    }

    /// The first thing wrong with `counts` for this sheet, or nil when they can be recorded:
    /// every kit counted once, no count below zero, a reason wherever the count differs.
    /// Counts made against an expected figure that has since changed (another desk issued
    /// or voided while the coordinator counted) are refused, to be counted again.
    public func problem(with counts: [KitCount]) -> CloseOutError? {
        var seen = Set<String>()
        for count in counts {
            guard let line = lines.first(where: { $0.kit == count.kit }) else {
                return .kitNotInDistribution(kit: count.kit)
            }
            guard seen.insert(count.kit).inserted else { return .repeatedCount(kit: count.kit) }
            guard count.counted >= 0 else { return .negativeCount(kit: count.kit, counted: count.counted) }
            guard count.counted <= Limits.maxStock else { return .countTooLarge(kit: count.kit, counted: count.counted) }
            if let shown = count.expectedShown, shown != line.expected {
                return .expectedChanged(kit: count.kit, shown: shown, now: line.expected)
            }
            if count.counted != line.expected && count.reason.trimmingSpaces().isEmpty {
                return .reasonRequired(kit: count.kit, expected: line.expected, counted: count.counted)
            }
        }
        let missing = lines.map(\.kit).filter { !seen.contains($0) }
        if !counts.isEmpty && !missing.isEmpty { return .missingCounts(kits: missing) }
        return nil
    }
}

/// The physical count of one kit at close-out.
public struct KitCount: Sendable, Hashable {
    public var kit: String
    public var counted: Int
    /// Why the count differs from what was expected; required when it does.
    public var reason: String
    /// The expected figure the coordinator was shown, when they were shown one: if the
    /// ledger moved since, the count is refused rather than recorded against the wrong figure.
    public var expectedShown: Int?

    public init(kit: String, counted: Int, reason: String = "", expectedShown: Int? = nil) {
        self.kit = kit
        self.counted = counted
        self.reason = reason.trimmingSpaces()
        self.expectedShown = expectedShown
    }

    /// Reads `--count CODE=N` and `--reason CODE=TEXT` as scripts give them.
    public static func parse(counts: [String], reasons: [String]) throws(CloseOutError) -> [KitCount] {
        var reasonByKit: [String: String] = [:]
        for line in reasons {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingSpaces().isEmpty else { throw .badReasonLine(line) }
            let kit = parts[0].trimmingSpaces()
            guard reasonByKit[kit] == nil else { throw .repeatedCount(kit: kit) }
            reasonByKit[kit] = parts[1].trimmingSpaces()
        }
        var result: [KitCount] = []
        for line in counts {
            let parts = line.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingSpaces().isEmpty, let counted = Int(parts[1].trimmingSpaces())
            else { throw .badCountLine(line) }
            let kit = parts[0].trimmingSpaces()
            guard !result.contains(where: { $0.kit == kit }) else { throw .repeatedCount(kit: kit) }
            result.append(KitCount(kit: kit, counted: counted, reason: reasonByKit[kit] ?? ""))
        }
        if let orphan = reasonByKit.keys.sorted().first(where: { kit in !result.contains { $0.kit == kit } }) {
            throw .reasonWithoutCount(kit: orphan)
        }
        return result
    }
}

/// Why a close-out count cannot be recorded. Nothing is written, the distribution stays open.
public enum CloseOutError: Error, Sendable, Hashable {
    case kitNotInDistribution(kit: String)
    case repeatedCount(kit: String)
    case negativeCount(kit: String, counted: Int)
    case reasonRequired(kit: String, expected: Int, counted: Int)
    case missingCounts(kits: [String])
    case expectedChanged(kit: String, shown: Int, now: Int)
    case badCountLine(String)
    case badReasonLine(String)
    case reasonWithoutCount(kit: String)
    /// Above `Limits.maxStock`: no shelf holds that many.
    case countTooLarge(kit: String, counted: Int)

    /// Mistakes in what was typed, as opposed to the ledger moving underneath.
    public var isUsageError: Bool {
        if case .expectedChanged = self { return false }
        return true
    }
}

extension Strings {
    public func explain(_ error: CloseOutError, catalogue: KitCatalogue) -> String {
        func kitName(_ code: String) -> String { catalogue[code]?.name(in: language) ?? code }
        switch error {
        case .kitNotInDistribution(let kit):
            return self("closeout.error.kitNotInDistribution", ["kit": kitName(kit), "code": kit])
        case .repeatedCount(let kit):
            return self("closeout.error.repeated", ["kit": kitName(kit)])
        case .negativeCount(let kit, let counted):
            return self("closeout.error.negative", ["kit": kitName(kit), "counted": "\(counted)"])
        case .reasonRequired(let kit, let expected, let counted):
            return self("closeout.error.reasonRequired", [
                "kit": kitName(kit), "code": kit, "expected": "\(expected)", "counted": "\(counted)",
                "difference": signedFigure(counted.saturatingSubtracting(expected)),
            ])
        case .missingCounts(let kits):
            return self("closeout.error.missing", ["kits": kits.map(kitName).joined(separator: ", ")])
        case .expectedChanged(let kit, let shown, let now):
            return self("closeout.error.expectedChanged", ["kit": kitName(kit), "shown": "\(shown)", "now": "\(now)"])
        case .badCountLine(let line):
            return self("closeout.error.badCount", ["value": line])
        case .badReasonLine(let line):
            return self("closeout.error.badReason", ["value": line])
        case .reasonWithoutCount(let kit):
            return self("closeout.error.reasonWithoutCount", ["kit": kitName(kit), "code": kit])
        case .countTooLarge(let kit, let counted):
            return self("limits.countTooLarge", ["kit": kitName(kit), "counted": "\(counted)", "limit": "\(Limits.maxStock)"])
        }
    }
}

/// `+3`, `-2`, `0`: a difference as a coordinator writes it.
public func signedFigure(_ n: Int) -> String { n > 0 ? "+\(n)" : "\(n)" }
