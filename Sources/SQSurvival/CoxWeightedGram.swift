extension CoxRiskSets {
    /// Σ ω_k x_k x_k' over sorted rows `rows` (lower triangle, row-major p × p,
    /// written to `out`). Rows go in chunks of 256, transposed column by column
    /// into contiguous pieces (zero-padded to a multiple of 8), so each entry is
    /// a dot product of two contiguous vectors; two entries of a row of the
    /// triangle are taken together, four numbers at a time in two halves, so
    /// the additions do not wait for each other.
    static func weightedGram(_ X: UnsafePointer<Double>, weights omega: UnsafePointer<Double>, rows: Range<Int>,
                             p: Int, into out: UnsafeMutablePointer<Double>) {
        out.update(repeating: 0, count: p * p)
        let chunk = 256
        let bytes = chunk * MemoryLayout<Double>.stride
        let plain = UnsafeMutableRawPointer.allocate(byteCount: p * bytes, alignment: 32)
        let weighted = UnsafeMutableRawPointer.allocate(byteCount: p * bytes, alignment: 32)
        defer { plain.deallocate(); weighted.deallocate() }
        plain.initializeMemory(as: Double.self, repeating: 0, count: p * chunk)
        weighted.initializeMemory(as: Double.self, repeating: 0, count: p * chunk)
        @inline(__always) func load(_ base: UnsafeMutableRawPointer, _ r: Int) -> SIMD4<Double> {
            base.load(fromByteOffset: r * 8, as: SIMD4<Double>.self)
        }
        var start = rows.lowerBound
        while start < rows.upperBound {
            let count = min(chunk, rows.upperBound - start)
            let padded = (count + 7) & ~7
            for j in 0..<p {
                let x = plain.assumingMemoryBound(to: Double.self) + j * chunk
                let z = weighted.assumingMemoryBound(to: Double.self) + j * chunk
                var source = X + start * p + j
                for r in 0..<count {
                    x[r] = source.pointee
                    z[r] = omega[start + r] * source.pointee
                    source += p
                }
                for r in count..<padded { x[r] = 0; z[r] = 0 }
            }
            for i in 0..<p {
                let zi = weighted + i * bytes
                var j = 0
                while j <= i {
                    let xj = plain + j * bytes
                    if j + 1 <= i {
                        let xk = plain + (j + 1) * bytes
                        var a0 = SIMD4<Double>.zero, a1 = a0, b0 = a0, b1 = a0
                        var r = 0
                        while r < padded {
                            let z0 = load(zi, r), z1 = load(zi, r + 4)
                            a0 += z0 * load(xj, r); a1 += z1 * load(xj, r + 4)
                            b0 += z0 * load(xk, r); b1 += z1 * load(xk, r + 4)
                            r += 8
                        }
                        out[i * p + j] += (a0 + a1).sum()
                        out[i * p + j + 1] += (b0 + b1).sum()
                        j += 2
                    } else {
                        var a0 = SIMD4<Double>.zero, a1 = a0
                        var r = 0
                        while r < padded {
                            a0 += load(zi, r) * load(xj, r); a1 += load(zi, r + 4) * load(xj, r + 4)
                            r += 8
                        }
                        out[i * p + j] += (a0 + a1).sum()
                        j += 1
                    }
                }
            }
            start += count
        }
    }
}
