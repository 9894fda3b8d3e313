import SGP4Kernel

/// The deep-space (SDP4) block kernel compiled for x86-64 with AVX-512 F/CD/BW/DQ/VL
/// (`-target-cpu skylake-avx512`, set in Package.swift). Call only where the CPU has them;
/// `Astrodynamics.SGP4Batch` checks. Specialised with this module's ``AVX512LaneArithmetic`` so none of its symbols is
/// shared with another variant.
public func propagateDeepSpaceBlocksAVX512(_ job: DeepSpaceBlockJob, blocks: Range<Int>) {
    propagateDeepSpaceBlocks(job, blocks: blocks, arithmetic: AVX512LaneArithmetic.self)
}
