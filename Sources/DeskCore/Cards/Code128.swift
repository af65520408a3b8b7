/// Code 128 (ISO/IEC 15417) for a string of digits, in code set C (two digits a symbol), as an
/// inline SVG: every cheap scanner reads it, and ten digits make a short, wide-barred symbol.
public enum Code128 {
    /// Bar and space widths (in modules, bar first) of symbols 0–106; 106 is the stop, with its
    /// final two-module bar.
    static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]
    static let startC = 105
    static let stop = 106

    /// The symbol values for `digits` (an even count): start C, the pairs, the check symbol, stop.
    static func symbols(_ digits: String) -> [Int]? {
        let values = digits.utf8.map { Int($0) - 0x30 }
        guard !values.isEmpty, values.count % 2 == 0, values.allSatisfy({ (0...9).contains($0) }) else { return nil }
        var symbols = [startC]
        for i in stride(from: 0, to: values.count, by: 2) { symbols.append(values[i] * 10 + values[i + 1]) }
        var sum = startC
        for (position, value) in symbols.enumerated().dropFirst() { sum += position * value }
        return symbols + [sum % 103, stop]
    }

    /// The symbol as modules from left to right: true for a bar. nil unless an even count of digits.
    public static func modules(_ digits: String) -> [Bool]? {
        guard let symbols = symbols(digits) else { return nil }
        var modules: [Bool] = []
        for symbol in symbols {
            for (index, width) in patterns[symbol].enumerated() {
                modules += Array(repeating: index % 2 == 0, count: Int(String(width))!)
            }
        }
        return modules
    }

    /// An inline SVG of the symbol, `moduleMM` wide per module and `heightMM` tall, with the quiet
    /// zone of ten modules on either side that scanners need.
    public static func svg(_ digits: String, moduleMM: Double = 0.4, heightMM: Double = 14) -> String? {
        guard let modules = modules(digits) else { return nil }
        let quiet = 10
        let total = modules.count + 2 * quiet
        var rects = ""
        var index = 0
        while index < modules.count {
            guard modules[index] else { index += 1; continue }
            var end = index
            while end < modules.count && modules[end] { end += 1 }
            rects += "<rect x=\"\(quiet + index)\" y=\"0\" width=\"\(end - index)\" height=\"1\"/>"
            index = end
        }
        // One unit per module across, one unit down, stretched to size: bars land on whole modules.
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(format(Double(total) * moduleMM))mm" \
            height="\(format(heightMM))mm" viewBox="0 0 \(total) 1" preserveAspectRatio="none" \
            shape-rendering="crispEdges" role="img" aria-label="\(digits)"><rect width="\(total)" height="1" fill="#fff"/>\
            <g fill="#000">\(rects)</g></svg>
            """
    }

    static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
