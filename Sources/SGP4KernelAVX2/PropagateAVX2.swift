import SGP4Kernel

/// The SGP4 block kernel compiled for x86-64 with AVX2 and FMA (`-target-cpu haswell`, set in
/// Package.swift). Call only where the CPU has both; `Astrodynamics.SGP4Batch` checks.
public func propagateSGP4BlocksAVX2(_ job: SGP4BlockJob, blocks: Range<Int>) {
    propagateSGP4Blocks(job, blocks: blocks, arithmetic: FusedLaneArithmetic.self)
}
