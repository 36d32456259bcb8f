/// Integer weights over ranks 0 ..< size, answering "how much weight lies
/// below, at and above a rank" (a Fenwick tree, Fenwick 1994, over blocks of
/// 16 ranks). The per-rank weights sit in 64-byte-aligned blocks, so the part
/// of a prefix sum inside a block is one cache line — the line holding the
/// rank's own weight, which the tie count reads anyway; the tree over blocks is
/// 16 times smaller than one over ranks and stays in cache at a million ranks.
/// Plain allocated memory: the sweeps call it once or twice per row, so bounds
/// checks and copy-on-write checks would cost more than the structure itself.
final class Fenwick {
    private static let blockBits = 4
    private let node: UnsafeMutablePointer<Int32>
    private let tree: UnsafeMutablePointer<Int32>
    private let blockCount: Int
    private let laneIndex = SIMD16<Int32>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)
    private(set) var total = 0

    init(size: Int) {
        blockCount = (size + 15) >> Self.blockBits
        let padded = max(blockCount << Self.blockBits, 16)
        node = UnsafeMutableRawPointer.allocate(byteCount: padded * MemoryLayout<Int32>.stride, alignment: 64)
            .bindMemory(to: Int32.self, capacity: padded)
        node.initialize(repeating: 0, count: padded)
        tree = .allocate(capacity: blockCount + 1)
        tree.initialize(repeating: 0, count: blockCount + 1)
    }

    deinit {
        node.deallocate()
        tree.deallocate()
    }

    @inline(__always)
    func add(_ rank: Int, _ weight: Int) {
        node[rank] &+= Int32(weight)
        total += weight
        let w = Int32(weight)
        var i = (rank >> Self.blockBits) + 1
        while i <= blockCount { tree[i] &+= w; i += i & -i }
    }

    /// The weight at `rank` alone.
    @inline(__always)
    func weight(at rank: Int) -> Int { Int(node[rank]) }

    /// Weight below, at and above `rank`.
    @inline(__always)
    func split(_ rank: Int) -> (less: Int, equal: Int, greater: Int) {
        var below = 0
        var i = rank >> Self.blockBits
        while i > 0 { below += Int(tree[i]); i -= i & -i }
        // The ranks of the block before `rank`: one aligned 64-byte load, masked.
        let base = rank & ~15
        let block = UnsafeRawPointer(node + base).load(as: SIMD16<Int32>.self)
        let before = laneIndex .< SIMD16<Int32>(repeating: Int32(truncatingIfNeeded: rank - base))
        below += Int(block.replacing(with: 0, where: .!before).wrappedSum())
        let equal = Int(node[rank])
        return (below, equal, total - below - equal)
    }

}
