import SGP4Kernel

/// The deep-space (SDP4) block kernel compiled for x86-64 with AVX2 and FMA (`-target-cpu haswell`,
/// set in Package.swift), specialised with this module's ``AVX2LaneArithmetic`` so none of its symbols is
/// shared with another variant. Call only where the CPU has both; `Astrodynamics.SGP4Batch` checks.
public func propagateDeepSpaceBlocksAVX2(_ job: DeepSpaceBlockJob, blocks: Range<Int>) {
    propagateDeepSpaceBlocks(job, blocks: blocks, arithmetic: AVX2LaneArithmetic.self)
}
