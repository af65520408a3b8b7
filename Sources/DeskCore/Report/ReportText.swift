import Foundation

/// A piece of a report line and what it is, so that a terminal or the desk screen can
/// colour it; plain text joins the pieces.
public struct ReportSpan: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case title, heading, normal, strong, muted, bar, warning
    }
    public var text: String
    public var kind: Kind
    public init(_ text: String, _ kind: Kind = .normal) {
        self.text = text
        self.kind = kind
    }
}

public typealias ReportLine = [ReportSpan]

extension Array where Element == ReportSpan {
    public var plainText: String { map(\.text).joined() }
}

/// The report as text for a terminal of `width` columns, with bar charts: 80 by default, 78 at
/// least (the desk draws it with a margin in an 80-column screen); wider gives longer bars.
public struct ReportText {
    public let report: DistributionReport
    public let strings: Strings
    public let catalogue: KitCatalogue
    public let width: Int
    /// The desk's F6 screen: of the plan, a line per planned kit and the number of overrides;
    /// the kits within the plan and the overrides with their reasons are left to `aiddesk report`.
    public let forDesk: Bool

    public init(
        _ report: DistributionReport, strings: Strings, catalogue: KitCatalogue, width: Int = 80, forDesk: Bool = false
    ) {
        self.report = report
        self.strings = strings
        self.catalogue = catalogue
        self.width = min(max(78, width), Limits.reportWidth.upperBound)
        self.forDesk = forDesk
    }

    /// The whole report, lines joined, ready to print.
    public var text: String { lines().map(\.plainText).joined(separator: "\n") }

    public func lines() -> [ReportLine] {
        var out: [ReportLine] = []
        out += header()
        out.append([])
        out += arrivals()
        out.append([])
        out += stock()
        out.append([])
        if report.hasPlans {
            // Only when a kit has a plan: a distribution without one reads as it always did.
            out += plan()
            out.append([])
        }
        out += slices(
            title: strings("report.perDesk"), column: strings("report.deskColumn"), report.perDesk,
            label: { strings("report.desk", ["desk": $0]) }, empty: strings("report.nothingIssued"))
        out.append([])
        out += slices(
            title: strings("report.perHour", ["zone": report.timeZone.identifier]), column: strings("report.hourColumn"),
            report.perHour, label: { $0 }, empty: strings("report.nothingIssued"))
        out.append([])
        out += sexAge()
        out.append([])
        out += area()
        out.append([])
        out += reconciliation()
        return out
    }

    // MARK: Sections

    func header() -> [ReportLine] {
        let d = report.distribution
        var lines: [ReportLine] = [[ReportSpan(strings("report.title", ["id": "\(d.id)", "name": d.name]), .title)]]
        var facts = [d.date.dotted]
        if !d.place.isEmpty { facts.append(d.place) }
        if d.isOpen {
            facts.append(strings("status.open"))
        } else if let at = d.closedAt {
            facts.append(strings("report.closedAt", [
                "date": CivilDate(at, in: report.timeZone).dotted, "time": clockTime(at, timeZone: report.timeZone),
                "operator": d.closedBy ?? "",
            ]))
        } else {
            facts.append(strings("status.closed"))
        }
        lines.append([ReportSpan(facts.joined(separator: " · "), .muted)])
        lines.append([])
        lines.append([
            ReportSpan(strings("report.households") + " "), ReportSpan("\(report.households)", .strong),
            ReportSpan(" · " + strings("report.people") + " "), ReportSpan("\(report.people)", .strong),
            ReportSpan(" · " + strings("report.checkedIn") + " "), ReportSpan("\(report.checkedIn)", .strong),
        ])
        return lines
    }

    /// Registered, checked in (served and not), not come: households, with a bar against the register.
    func arrivals() -> [ReportLine] {
        let figures = report.arrivals
        let isOpen = report.distribution.isOpen
        let labelWidth = 34
        let households = strings("report.householdsColumn")
        let hw = max(8, households.count + 2)
        let barWidth = max(8, width - 2 - labelWidth - hw - 2)
        var lines: [ReportLine] = [[ReportSpan(
            padded(strings("report.arrivals"), labelWidth + 2) + rightAligned(households, hw), .heading)]]
        // Served and not served are the two parts of those checked in: indented under it.
        let rows: [(label: String, value: Int)] = [
            (strings(isOpen ? "report.arrivals.registered" : "report.arrivals.registeredNow"), figures.registered),
            (strings("report.arrivals.checkedIn"), figures.checkedIn),
            ("  " + strings("report.arrivals.served"), figures.served),
            ("  " + strings("report.arrivals.waiting"), figures.waiting),
            (strings(isOpen ? "report.arrivals.notCome" : "report.arrivals.notCame"), figures.notCome),
        ]
        for row in rows {
            var line = [ReportSpan("  " + padded(row.label, labelWidth) + rightAligned("\(row.value)", hw))]
            let bar = BarChart.bar(row.value, of: figures.registered, width: barWidth)
            if !bar.isEmpty { line += [ReportSpan("  "), ReportSpan(bar, .bar)] }
            lines.append(line)
        }
        if !isOpen { lines += note(strings("report.arrivals.registerNow")) }
        return lines
    }

    func stock() -> [ReportLine] {
        let nameWidth = 24
        let columns = [
            strings("report.received"), strings("report.issued"), strings("report.voided"), strings("report.left"),
        ]
        let numberWidths = columns.map { max(8, $0.count + 2) }
        let barWidth = max(8, width - 2 - nameWidth - numberWidths.reduce(0, +) - 2)
        var lines: [ReportLine] = []
        var heading = padded(strings("report.stock"), nameWidth + 2)
        for (column, w) in zip(columns, numberWidths) { heading += rightAligned(column, w) }
        lines.append([ReportSpan(heading, .heading)])
        if report.kits.isEmpty { lines.append([ReportSpan("  " + strings("report.noStock"), .muted)]) }
        for kit in report.kits {
            var text = "  " + padded(kitName(kit.kit), nameWidth)
            for (value, w) in zip([kit.received, kit.issued, kit.voided, kit.left], numberWidths) { text += rightAligned("\(value)", w) }
            lines.append([
                ReportSpan(text), ReportSpan("  "),
                ReportSpan(BarChart.share(kit.issued, of: kit.received, width: barWidth), .bar),
            ])
        }
        if report.kits.count > 1 {
            var text = "  " + padded(strings("report.total"), nameWidth)
            let totals = [report.receivedTotal, report.issuedTotal, report.voidedTotal, report.leftTotal]
            for (value, w) in zip(totals, numberWidths) { text += rightAligned("\(value)", w) }
            lines.append([ReportSpan(text, .strong)])
        }
        return lines + note(strings("report.stockLegend", [
            "full": String(BarChart.full), "rest": String(BarChart.rest),
        ]))
    }

    /// Per planned kit, households entitled, served and the coverage, and households given the
    /// kit off the plan; then (not on the desk) the kits within the plan and by override, and
    /// every override with its reason.
    func plan() -> [ReportLine] {
        let nameWidth = 24
        let columns = [
            strings("report.plan.entitled"), strings("report.plan.served"), strings("report.plan.coverage"),
            strings("report.plan.override"),
        ]
        let widths = columns.map { max(8, $0.count + 2) }
        var heading = padded(strings("report.plan"), nameWidth + 2)
        for (column, w) in zip(columns, widths) { heading += rightAligned(column, w) }
        var lines: [ReportLine] = [[ReportSpan(heading, .heading)]]
        for kit in report.kits {
            let name = "  " + padded(kitName(kit.kit), nameWidth)
            guard let plan = kit.plan else {
                lines.append([ReportSpan(name), ReportSpan(rightAligned(strings("report.plan.noPlan"), widths[0]), .muted)])
                continue
            }
            let figures = [
                "\(plan.entitled)", "\(plan.served)", plan.coverageTenths.map(percent) ?? "—", "\(plan.overrideHouseholds)",
            ]
            var spans = [ReportSpan(name + zip(figures, widths).prefix(3).map { rightAligned($0, $1) }.joined())]
            spans.append(ReportSpan(rightAligned(figures[3], widths[3]), plan.overrideHouseholds > 0 ? .warning : .normal))
            lines.append(spans)
            if !forDesk {
                let rule = strings.describe(plan.plan.audience) + " · " + strings.describe(plan.plan.quantity)
                for part in wrapWords(rule, width: width - 6) { lines.append([ReportSpan("    " + part, .muted)]) }
            }
        }
        for kit in report.kits {
            guard let plan = kit.plan, plan.servedNotEntitled > 0 else { continue }
            lines += note(strings("report.plan.notEntitled", ["kit": kitName(kit.kit), "count": "\(plan.servedNotEntitled)"]),
                          kind: .warning)
        }
        if forDesk {
            let key = report.overrideKitsTotal > 0 ? "report.plan.deskOverrides" : "report.plan.noOverrides"
            return lines + note(strings(key, [
                "kits": "\(report.overrideKitsTotal)", "households": "\(report.overrideHouseholdsTotal)",
            ]), kind: report.overrideKitsTotal > 0 ? .warning : .muted)
        }
        lines += note(strings("report.plan.legend"))
        lines.append([])
        lines += planKits()
        lines.append([])
        lines += overrides()
        return lines
    }

    /// Kits of each planned kit: within the plan + by override = issued.
    func planKits() -> [ReportLine] {
        let nameWidth = 24
        let columns = [strings("report.plan.withinPlan"), strings("report.plan.override"), strings("report.issued")]
        let widths = columns.map { max(8, $0.count + 2) }
        var heading = padded(strings("report.plan.kits"), nameWidth + 2)
        for (column, w) in zip(columns, widths) { heading += rightAligned(column, w) }
        var lines: [ReportLine] = [[ReportSpan(heading, .heading)]]
        for kit in report.kits {
            guard let plan = kit.plan else { continue }
            var text = "  " + padded(kitName(kit.kit), nameWidth)
            for (value, w) in zip([plan.issuedWithinPlan, plan.overrideKits, kit.issued], widths) {
                text += rightAligned("\(value)", w)
            }
            lines.append([ReportSpan(text)])
        }
        return lines + note(strings("report.plan.kitsLegend"))
    }

    /// Every household given a kit off the plan, with the kit, the quantity and the reason.
    func overrides() -> [ReportLine] {
        var lines: [ReportLine] = [[ReportSpan(strings("report.plan.overrides"), .heading)]]
        let all = report.kits.flatMap { kit in (kit.plan?.overrides ?? []).map { (kit: kit.kit, override: $0) } }
            .sorted { ($0.override.issuedAt, $0.override.household) < ($1.override.issuedAt, $1.override.household) }
        guard !all.isEmpty else { return lines + note(strings("report.plan.noOverrides")) }
        let householdWidth = max(8, strings("report.plan.householdColumn").count + 2)
        let kitWidth = 26
        let reasonColumn = 2 + householdWidth + kitWidth
        let reasonWidth = max(16, width - reasonColumn)
        lines.append([ReportSpan("  " + padded(strings("report.plan.householdColumn"), householdWidth)
            + padded(strings("report.kitColumn"), kitWidth) + strings("report.reason"), .muted)])
        for (kit, override) in all {
            let reason = wrapWords(override.reason, width: reasonWidth)
            let what = kitName(kit) + " ×\(override.quantity)"
            lines.append([ReportSpan("  " + padded(override.household, householdWidth) + padded(what, kitWidth - 2) + "  "
                + (reason.first ?? ""))])
            for more in reason.dropFirst() {
                lines.append([ReportSpan(String(repeating: " ", count: reasonColumn) + more)])
            }
        }
        return lines
    }

    /// Tenths of a percent as the interface writes a percentage: `30,5 %`, `30.5%`.
    func percent(_ tenths: Int) -> String {
        strings("report.plan.percent", ["whole": "\(tenths / 10)", "tenth": "\(tenths % 10)"])
    }

    func slices(
        title: String, column: String, _ slices: [DistributionReport.Slice], label: (String) -> String, empty: String
    ) -> [ReportLine] {
        let labelWidth = 24
        let households = strings("report.householdsColumn")
        let kits = strings("report.kitsColumn")
        let hw = max(8, households.count + 2)
        let kw = max(8, kits.count + 2)
        let barWidth = max(8, width - 2 - labelWidth - hw - kw - 2)
        var lines: [ReportLine] = [[ReportSpan(title, .heading)]]
        guard !slices.isEmpty else { return lines + [[ReportSpan("  " + empty, .muted)]] }
        lines.append([ReportSpan("  " + padded(column, labelWidth) + rightAligned(households, hw) + rightAligned(kits, kw), .muted)])
        let maximum = slices.map(\.households).max() ?? 0
        for slice in slices {
            lines.append([
                ReportSpan("  " + padded(label(slice.key), labelWidth) + rightAligned("\(slice.households)", hw) + rightAligned("\(slice.kits)", kw)),
                ReportSpan("  "), ReportSpan(BarChart.bar(slice.households, of: maximum, width: barWidth), .bar),
            ])
        }
        return lines
    }

    func sexAge() -> [ReportLine] {
        let labelWidth = 24
        let bands = AgeBand.allCases
        let bandLabels = bands.map { strings("report.age.\($0.rawValue)") }
        let bandWidths = bandLabels.map { max(7, $0.count + 2) }
        let totalLabel = strings("report.total")
        let totalWidth = max(7, totalLabel.count + 2)
        var lines: [ReportLine] = []
        var heading = padded(strings("report.sexAge"), labelWidth + 2)
        for (label, w) in zip(bandLabels, bandWidths) { heading += rightAligned(label, w) }
        heading += rightAligned(totalLabel, totalWidth)
        lines.append([ReportSpan(heading, .heading)])
        for sex in ReportSex.allCases {
            var text = "  " + padded(strings("report.sex.\(sex.rawValue)"), labelWidth)
            for (band, w) in zip(bands, bandWidths) { text += rightAligned("\(report.people(sex, band))", w) }
            text += rightAligned("\(report.people(sex: sex))", totalWidth)
            lines.append([ReportSpan(text)])
        }
        var text = "  " + padded(totalLabel, labelWidth)
        for (band, w) in zip(bands, bandWidths) { text += rightAligned("\(report.people(age: band))", w) }
        text += rightAligned("\(report.people)", totalWidth)
        lines.append([ReportSpan(text, .strong)])
        return lines
    }

    func area() -> [ReportLine] {
        let labelWidth = 34
        let households = strings("report.householdsColumn")
        let people = strings("report.peopleColumn")
        let hw = max(8, households.count + 2)
        let pw = max(8, people.count + 2)
        let barWidth = max(8, width - 2 - labelWidth - hw - pw - 2)
        var lines: [ReportLine] = [[ReportSpan(
            padded(strings("report.area"), labelWidth + 2) + rightAligned(households, hw) + rightAligned(people, pw), .heading)]]
        let cityName = report.hubCity.isEmpty ? strings("report.noCity") : report.hubCity
        let rows: [(String, DistributionReport.Area)] = [
            (strings("report.city", ["city": cityName]), report.city), (strings("report.region"), report.region),
        ]
        for (label, figures) in rows {
            lines.append([
                ReportSpan("  " + padded(label, labelWidth) + rightAligned("\(figures.households)", hw) + rightAligned("\(figures.people)", pw)),
                ReportSpan("  "), ReportSpan(BarChart.bar(figures.households, of: report.households, width: barWidth), .bar),
            ])
        }
        if !report.hubCityNamed { lines += note(strings("report.cityFromRegister")) }
        return lines
    }

    func reconciliation() -> [ReportLine] {
        let d = report.distribution
        guard let first = report.reconciliation.first else {
            let key = d.isOpen ? "report.reconciliation.open" : "report.reconciliation.none"
            return [[ReportSpan(strings("report.reconciliation"), .heading)]] + note(strings(key))
        }
        let nameWidth = 22
        let columns = [strings("report.expected"), strings("report.counted"), strings("report.difference")]
        let widths = columns.map { max(8, $0.count + 2) }
        let reasonColumn = 2 + nameWidth + widths.reduce(0, +) + 2
        let reasonWidth = max(16, width - reasonColumn)
        var lines: [ReportLine] = [[ReportSpan(strings("report.reconciliationBy", [
            "operator": first.operatorName, "date": CivilDate(first.at, in: report.timeZone).dotted,
            "time": clockTime(first.at, timeZone: report.timeZone),
        ]), .heading)]]
        var heading = "  " + padded(strings("report.kitColumn"), nameWidth)
        for (column, w) in zip(columns, widths) { heading += rightAligned(column, w) }
        lines.append([ReportSpan(heading + "  " + strings("report.reason"), .muted)])
        for line in report.reconciliation {
            var text = "  " + padded(kitName(line.kit), nameWidth)
            text += rightAligned("\(line.expected)", widths[0]) + rightAligned("\(line.counted)", widths[1])
            let reasonLines = wrapWords(line.reason, width: reasonWidth)
            var spans = [
                ReportSpan(text),
                ReportSpan(rightAligned(signedFigure(line.difference), widths[2]), line.difference == 0 ? .normal : .warning),
            ]
            if let reason = reasonLines.first { spans.append(ReportSpan("  " + reason)) }
            lines.append(spans)
            for more in reasonLines.dropFirst() {
                lines.append([ReportSpan(String(repeating: " ", count: reasonColumn) + more)])
            }
        }
        let differing = report.reconciliation.filter { $0.difference != 0 }
        let key = differing.isEmpty ? "report.reconciliation.match" : "report.reconciliation.differs"
        lines += note(strings(key, ["count": "\(differing.count)"]), kind: differing.isEmpty ? .muted : .warning)
        return lines
    }

    // MARK: Helpers

    /// A remark under a table, wrapped to the width and indented.
    func note(_ text: String, kind: ReportSpan.Kind = .muted) -> [ReportLine] {
        wrapWords(text, width: width - 2).map { [ReportSpan("  " + $0, kind)] }
    }

    func kitName(_ code: String) -> String { catalogue[code]?.name(in: strings.language) ?? code }
}

/// `text` cut or padded to exactly `width` columns; a cut shows as `…`.
fileprivate func padded(_ text: String, _ width: Int) -> String {
    guard width > 0 else { return "" }
    if text.count > width { return String(text.prefix(width - 1)) + "…" }
    return text + String(repeating: " ", count: width - text.count)
}

/// `text` right-aligned in `width` columns.
fileprivate func rightAligned(_ text: String, _ width: Int) -> String {
    text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
}

/// Words of `text` in lines of at most `width` columns; a word longer than that is cut.
fileprivate func wrapWords(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
        let word = String(word.prefix(width))
        if current.isEmpty {
            current = word
        } else if current.count + 1 + word.count <= width {
            current += " " + word
        } else {
            lines.append(current)
            current = word
        }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
}
