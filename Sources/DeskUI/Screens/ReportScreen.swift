import DeskCore
import Foundation

/// Where Esc leaves the report for.
public enum ReportReturn: Sendable {
    case search
    case distributions(DistributionsScreen)
}

/// A distribution's figures with bar charts, the same text as `aiddesk report` (the plan in
/// short), scrolled.
public struct ReportScreen: Sendable {
    /// The distribution asked for; nil for the open one, else the latest.
    public var distribution: Int64?
    /// nil until the figures arrive.
    public var report: DistributionReport?
    /// First report line shown.
    public var scroll = 0
    public var returnTo: ReportReturn
}

// MARK: Keys

extension DeskState {
    mutating func openReport(distribution: Int64?, returningTo: ReportReturn) -> [DeskEffect] {
        current = .report(ReportScreen(distribution: distribution, returnTo: returningTo))
        message = nil
        return [.loadReport(distribution: distribution)]
    }

    /// Lines of the report as the screen shows them: the same text as `aiddesk report`, the plan
    /// shorter (a line per planned kit and the number of overrides).
    func reportLines(width: Int) -> [ReportLine] {
        guard let report else { return [] }
        return ReportText(report, strings: strings, catalogue: config.catalogue, width: width, forDesk: true).lines()
    }

    mutating func reportKey(_ dispatch: Dispatch, _ key: Key, _ screen: ReportScreen) -> [DeskEffect] {
        switch dispatch {
        case .command(.move):
            let last = max(0, reportLines(width: minimumScreen.width - 2).count - 1)
            var screen = screen
            screen.scroll = Self.moved(screen.scroll, by: key, last: last) ?? screen.scroll
            current = .report(screen)
            return []
        case .command(.back):
            message = nil
            switch screen.returnTo {
            case .search:
                goToSearch()
                return []
            case .distributions(let list):
                return backToDistributions(list)
            }
        case .typed:
            if case .character(let c) = key, c.isLetter { return startSearch(with: c) }
            return []
        default:
            return []
        }
    }

    mutating func applyReport(_ fresh: DistributionReport) {
        guard case .report(var screen) = current else { return }
        screen.report = fresh
        current = .report(screen)
    }
}

// MARK: Drawing

extension DeskState {
    func drawReport(_ screen: ReportScreen, _ buffer: inout ScreenBuffer, rows: Range<Int>) {
        let reportScroll = screen.scroll
        // Drawn from column 1, with a column spare on the right.
        let lines = reportLines(width: buffer.width - 2)
        guard !lines.isEmpty else {
            buffer.write(" " + strings("report.desk.loading"), row: rows.lowerBound, column: 0, role: .muted)
            return
        }
        let visible = rows.count
        let first = max(0, min(reportScroll, lines.count - visible))
        for (offset, line) in lines.dropFirst(first).prefix(visible).enumerated() {
            var column = 1
            for span in line {
                column = buffer.write(span.text, row: rows.lowerBound + offset, column: column, role: role(of: span.kind))
            }
        }
        // Where in the report the screen is, on the message row while it is free.
        if lines.count > visible && message == nil && prompt == nil {
            let position = strings("report.desk.position", [
                "from": "\(first + 1)", "to": "\(min(lines.count, first + visible))", "of": "\(lines.count)",
            ])
            buffer.write(" " + position + (first + visible < lines.count ? " ↓" : ""), row: rows.upperBound, column: 0,
                         role: .muted)
        }
    }

    private func role(of kind: ReportSpan.Kind) -> StyleRole {
        switch kind {
        case .title, .heading, .strong: return .strong
        case .normal: return .normal
        case .muted: return .muted
        case .bar: return .success
        case .warning: return .warning
        }
    }
}
