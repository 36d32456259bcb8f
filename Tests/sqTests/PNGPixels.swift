import Foundation
import ZIPFoundation

/// Just enough PNG decoding (8-bit RGB/RGBA, non-interlaced, as Chromium
/// writes screenshots) to look at what a browser drew: the IDAT stream is
/// zlib (RFC 1950) around raw deflate, which ZIPFoundation inflates; then each
/// scanline's filter is undone (PNG spec §9).
struct PNGPixels {
    var width = 0
    var height = 0
    var channels = 0
    var pixels: [UInt8] = []

    init(_ data: Data) throws {
        let bytes = [UInt8](data)
        var offset = 8
        var compressed = Data()
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let body = offset + 8
            guard body + length <= bytes.count else { break }
            if type == "IHDR" {
                width = bytes[body..<body + 4].reduce(0) { $0 << 8 | Int($1) }
                height = bytes[body + 4..<body + 8].reduce(0) { $0 << 8 | Int($1) }
                channels = bytes[body + 9] == 6 ? 4 : bytes[body + 9] == 2 ? 3 : 0
                guard bytes[body + 8] == 8, channels > 0, bytes[body + 12] == 0 else { throw CocoaError(.fileReadCorruptFile) }
            } else if type == "IDAT" {
                compressed.append(contentsOf: bytes[body..<body + length])
            }
            offset = body + length + 4
        }
        let raw = Data(compressed.dropFirst(2))  // the zlib header; the Adler-32 trailer is past the deflate end
        var inflated = Data()
        _ = try Data.decompress(size: Int64(raw.count), bufferSize: 1 << 16, skipCRC32: true, provider: { position, size in
            let start = min(raw.count, Int(position))
            return raw.subdata(in: start..<min(raw.count, start + size))
        }, consumer: { inflated.append($0) })
        let stride = width * channels
        var out = [UInt8](repeating: 0, count: stride * height)
        let input = [UInt8](inflated)
        guard input.count >= (stride + 1) * height else { throw CocoaError(.fileReadCorruptFile) }
        for y in 0..<height {
            let filter = input[y * (stride + 1)]
            for x in 0..<stride {
                let value = Int(input[y * (stride + 1) + 1 + x])
                let a = x >= channels ? Int(out[y * stride + x - channels]) : 0
                let b = y > 0 ? Int(out[(y - 1) * stride + x]) : 0
                let c = x >= channels && y > 0 ? Int(out[(y - 1) * stride + x - channels]) : 0
                let predicted: Int
                switch filter {
                case 1: predicted = a
                case 2: predicted = b
                case 3: predicted = (a + b) / 2
                case 4:
                    let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
                    predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
                default: predicted = 0
                }
                out[y * stride + x] = UInt8((value + predicted) & 0xFF)
            }
        }
        pixels = out
    }

    func rgb(_ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * channels
        return (Int(pixels[i]), Int(pixels[i + 1]), Int(pixels[i + 2]))
    }
}
