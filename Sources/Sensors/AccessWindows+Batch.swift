import Foundation
import Astrodynamics

extension AccessWindows {
    /// Objects per ``SGP4Batch`` block in the batched coarse sampling (a multiple of the kernel's
    /// eight lanes).
    static let batchBlockSize = 256
    /// Grid times propagated per ``SGP4Batch`` call: a block's output is at most
    /// `batchBlockSize × batchTimeChunk` states (about 2.4 MB), whatever the window.
    static let batchTimeChunk = 128

    /// The coarse sampling through ``SGP4Batch``: objects are grouped by stride (near-Earth every
    /// grid point, deep space every ``PassFinder/deepStride``-th), cut into blocks, and each block is
    /// propagated a chunk of grid times at a time on one thread; each object's ``PassScan`` is fed
    /// from the block's states, exactly as the scalar sampling feeds it. Refinement stays scalar.
    func batchPasses(_ satellites: [(catalogNumber: Int, sgp4: SGP4)], finder: PassFinder)
        -> (passes: [Pass], failures: [(index: Int, error: SGP4Error)]) {
        var byStride: [Int: [Int]] = [:]
        for (i, s) in satellites.enumerated() { byStride[finder.stride(of: s.sgp4), default: []].append(i) }
        let blocks: [(stride: Int, members: ArraySlice<Int>)] = byStride.keys.sorted().flatMap { stride in
            let members = byStride[stride]!
            return Swift.stride(from: 0, to: members.count, by: Self.batchBlockSize).map {
                (stride, members[$0..<min($0 + Self.batchBlockSize, members.count)])
            }
        }
        let box = ResultBox(count: blocks.count)
        let samplesByStride = Dictionary(uniqueKeysWithValues: byStride.keys.map { ($0, finder.sampleIndices(stride: $0)) })
        let grid = finder.grid
        AccessWindows.parallelFor(blocks.count, threads: threads) { b in
            let (stride, members) = blocks[b]
            let samples = samplesByStride[stride]!
            let batch = SGP4Batch(members.map { satellites[$0].sgp4 })
            let offsets = batch.minutesSinceEpoch(at: grid.start)
            let n = batch.count
            var scans = [PassScan](repeating: finder.startScan(), count: n)
            var failure = [SGP4Error?](repeating: nil, count: n)
            var passes: [Pass] = []
            var states = SGP4BatchStates()
            var c = 0
            while c < samples.count {
                let chunk = samples[c..<min(c + Self.batchTimeChunk, samples.count)]
                // The scalar sampling's time: offset + t / 60, with t = grid.seconds(k).
                let minutes = chunk.map { grid.seconds($0) / 60 }
                batch.propagate(gridMinutes: minutes, referenceMinutesSinceEpoch: offsets, into: &states, threads: 1)
                for i in 0..<n where failure[i] == nil {
                    let (catalogNumber, sgp4) = satellites[members[members.startIndex + i]]
                    for (j, k) in chunk.enumerated() {
                        let slot = j * n + i
                        if let e = states.error(slot) {
                            failure[i] = e
                            finder.finish(scans[i], failed: true, catalogNumber: catalogNumber, sgp4: sgp4,
                                          offset: offsets[i], into: &passes)
                            break
                        }
                        finder.step(&scans[i], k: k, r: states.positionKm(slot), catalogNumber: catalogNumber,
                                    sgp4: sgp4, offset: offsets[i], into: &passes)
                    }
                }
                c += chunk.count
            }
            var fails: [(index: Int, error: SGP4Error)] = []
            for i in 0..<n {
                let (catalogNumber, sgp4) = satellites[members[members.startIndex + i]]
                if let e = failure[i] {
                    fails.append((members[members.startIndex + i], e))
                } else {
                    finder.finish(scans[i], failed: false, catalogNumber: catalogNumber, sgp4: sgp4,
                                  offset: offsets[i], into: &passes)
                }
            }
            box.store(b, passes, fails)
        }
        return (box.passes.flatMap { $0 }, box.failures.flatMap { $0 })
    }
}
