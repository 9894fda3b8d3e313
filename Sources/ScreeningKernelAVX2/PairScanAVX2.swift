import ScreeningKernel

/// This module's variant marker: its own type, so the specialisations compiled here carry this
/// module's name (see `PairScanVariant`).
public enum AVX2PairScan: PairScanVariant {}

/// The screener's pair scan compiled for x86-64 AVX2 (`-target-cpu haswell`), set in Package.swift. Call only where the CPU has
/// them; `Conjunction.SearchWorker` checks through `SGP4Batch.InstructionSet.detected`.
public func scanCellPairsAVX2(_ s: PairScanArrays, _ cell: PairScanCell, thresholdKm: Double, halfStepSeconds: Double,
                              onHit: (Int, Int, Double) -> Void) -> Int {
    scanCellPairs(s, cell, thresholdKm: thresholdKm, halfStepSeconds: halfStepSeconds, variant: AVX2PairScan.self, onHit: onHit)
}
