/// The demo register's own random numbers: xoshiro256** seeded through SplitMix64.
///
/// Everything here is integer arithmetic written out in this file, so one seed gives the same
/// register on every machine and every Swift version (the standard library's `random(in:using:)`
/// and floating-point `log`/`exp` promise neither).
struct DemoRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        // SplitMix64 never gives four zeros in a row, but xoshiro must not start from all zeros.
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// Uniform in `0..<bound` (Lemire's multiply-and-reject, no modulo bias). `bound` > 0.
    mutating func below(_ bound: UInt64) -> UInt64 {
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return m.high
    }

    /// Uniform in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(below(UInt64(range.upperBound - range.lowerBound + 1)))
    }

    /// True `percent` times in a hundred.
    mutating func chance(_ percent: Int) -> Bool { below(100) < UInt64(percent) }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// Sebastiano Vigna's SplitMix64: a small seeded generator that gives the same numbers on every
/// machine, for demo data, test data and benchmarks (never `SystemRandomNumberGenerator` there).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    public var state: UInt64

    public init(state: UInt64) { self.state = state }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Picks an index with probability proportional to integer weights.
struct WeightedTable: Sendable {
    private let cumulative: [UInt64]

    /// `weights` must hold at least one positive weight.
    init(_ weights: [Int]) {
        var total: UInt64 = 0
        cumulative = weights.map { w in
            total += UInt64(max(0, w))
            return total
        }
        precondition(total > 0, "a weighted table needs a positive weight")
    }

    var count: Int { cumulative.count }

    func pick(_ random: inout DemoRandom) -> Int {
        let r = random.below(cumulative[cumulative.count - 1])
        // First index whose cumulative weight exceeds r.
        var lo = 0
        var hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > r { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}

/// A bijection of `0..<modulus` onto itself that looks random: a four-round Feistel network
/// over `m × m` (m = ⌈√modulus⌉), walking the cycle until the value falls below `modulus`.
/// Used to hand out numbers that are unique by construction (certificates, phones) rather
/// than unique by luck, without consecutive people getting visibly related numbers.
struct Scrambler: Sendable {
    let modulus: UInt64
    private let side: UInt64
    private let keys: [UInt64]

    init(modulus: UInt64, random: inout DemoRandom) {
        precondition(modulus > 1 && modulus <= 1 << 62)
        self.modulus = modulus
        var side = UInt64(Double(modulus).squareRoot())
        while side > 0 && side * side > modulus { side -= 1 }
        while side * side < modulus { side += 1 }
        self.side = side
        keys = (0..<4).map { _ in random.next() }
    }

    func callAsFunction(_ x: UInt64) -> UInt64 {
        var value = x % modulus
        repeat {
            var left = value / side
            var right = value % side
            for key in keys {
                (left, right) = (right, (left + Self.mix(right ^ key) % side) % side)
            }
            value = left * side + right
        } while value >= modulus
        return value
    }

    private static func mix(_ x: UInt64) -> UInt64 {
        var sm = SplitMix64(state: x)
        return sm.next()
    }
}
