import ScreeningKernel

/// This module's variant marker: its own type, so the specialisations compiled here carry this
/// module's name (see `PairScanVariant`).
public enum AVX512PairScan: PairScanVariant {}

/// The screener's pair scan compiled for x86-64 AVX-512 F/CD/BW/DQ/VL (`-target-cpu skylake-avx512`), set in Package.swift. Call only where the CPU has
/// them; `Conjunction.SearchWorker` checks through `SGP4Batch.InstructionSet.detected`.
public func scanCellPairsAVX512(_ s: PairScanArrays, _ cell: PairScanCell, thresholdKm: Double, halfStepSeconds: Double,
                              onHit: (Int, Int, Double) -> Void) -> Int {
    scanCellPairs(s, cell, thresholdKm: thresholdKm, halfStepSeconds: halfStepSeconds, variant: AVX512PairScan.self, onHit: onHit)
}
