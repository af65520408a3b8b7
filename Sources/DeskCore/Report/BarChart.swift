/// Horizontal bars drawn with Unicode block characters, to an eighth of a column.
public enum BarChart {
    /// `▏▎▍▌▋▊▉`: one to seven eighths of a cell.
    public static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
    public static let full: Character = "█"
    /// What is left of a whole, next to a bar of what was used.
    public static let rest: Character = "░"
    /// Wider than any terminal or page: a width beyond it is drawn at it, never allocated.
    public static let maxWidth = 1 << 14

    /// A bar for `value` out of `maximum`, at most `width` columns, no padding. A value above
    /// zero always shows at least an eighth, so that a small figure is never drawn as nothing.
    public static func bar(_ value: Int, of maximum: Int, width: Int) -> String {
        guard value > 0, maximum > 0, width > 0 else { return "" }
        var clamped = min(value, maximum)
        var maximum = maximum
        let width = min(width, maxWidth)
        // Figures beyond 2^40 (only a hand-edited database holds them) are scaled down together,
        // so that the products below stay far from overflowing.
        let shift = max(0, Int.bitWidth - maximum.leadingZeroBitCount - 40)
        clamped >>= shift
        maximum >>= shift
        // Rounded to the nearest eighth, in integers: no floating point drift in a golden.
        var units = (clamped * width * 8 * 2 + maximum) / (maximum * 2)
        units = max(1, min(units, width * 8))
        var text = String(repeating: full, count: units / 8)
        if units % 8 > 0 { text.append(eighths[units % 8 - 1]) }
        return text
    }

    /// `used` of `total` as a bar, and the rest shaded, exactly `width` columns:
    /// `███████▌░░░░░░░░` for stock issued against stock received.
    public static func share(_ used: Int, of total: Int, width: Int) -> String {
        guard width > 0 else { return "" }
        let width = min(width, maxWidth)
        let filled = bar(used, of: total, width: width)
        guard total > 0 else { return String(repeating: " ", count: width) }
        return filled + String(repeating: rest, count: width - filled.count)
    }
}
