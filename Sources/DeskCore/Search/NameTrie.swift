/// A trie over the sorted vocabulary of folded name words, stored as flat arrays.
///
/// Because the vocabulary is sorted, every node's subtree is a contiguous range of it
/// (`lo..<hi`): a prefix match is a range, and the walks for transliteration and typos
/// visit only distinct words, never people.
struct NameTrie: Sendable {
    var label: [UInt8] = []
    var firstChild: [Int32] = []
    var childCount: [UInt8] = []
    var lo: [Int32] = []
    var hi: [Int32] = []
    /// The vocabulary entry that ends at this node, or -1.
    var terminal: [Int32] = []
    var depth: [UInt8] = []

    var nodeCount: Int { label.count }

    /// Builds the trie of `count` words stored back to back in `bytes`, word `k` at
    /// `start[k]..<start[k + 1]`, sorted lexicographically and distinct.
    init(bytes: [UInt8], start: [Int32], count: Int) {
        func append(_ l: UInt8, _ a: Int32, _ b: Int32, _ d: UInt8) {
            label.append(l)
            firstChild.append(0)
            childCount.append(0)
            lo.append(a)
            hi.append(b)
            terminal.append(-1)
            depth.append(d)
        }
        append(0, 0, Int32(count), 0)
        var node = 0
        while node < label.count {
            let d = Int(depth[node])
            var s = Int(lo[node])
            let e = Int(hi[node])
            if s < e && Int(start[s + 1] - start[s]) == d {
                terminal[node] = Int32(s)
                s += 1
            }
            firstChild[node] = Int32(label.count)
            while s < e {
                let c = bytes[Int(start[s]) + d]
                var t = s + 1
                while t < e && bytes[Int(start[t]) + d] == c { t += 1 }
                append(c, Int32(s), Int32(t), UInt8(min(d + 1, 255)))
                s = t
            }
            childCount[node] = UInt8(label.count - Int(firstChild[node]))
            node += 1
        }
    }

    @inline(__always)
    func child(_ node: Int, _ c: UInt8) -> Int? {
        let first = Int(firstChild[node])
        let end = first + Int(childCount[node])
        var k = first
        while k < end {
            let l = label[k]
            if l == c { return k }
            if l > c { return nil }
            k += 1
        }
        return nil
    }

    /// The node reached by spelling `codes` from `node`, or nil.
    func descend(_ codes: some Sequence<UInt8>, from node: Int = 0) -> Int? {
        var n = node
        for c in codes {
            guard let next = child(n, c) else { return nil }
            n = next
        }
        return n
    }
}
