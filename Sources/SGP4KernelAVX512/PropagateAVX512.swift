import SGP4Kernel

/// The SGP4 block kernel compiled for x86-64 with AVX-512 F/CD/BW/DQ/VL (`-target-cpu
/// skylake-avx512`, set in Package.swift). Call only where the CPU has them; `Astrodynamics.SGP4Batch`
/// checks.
public func propagateSGP4BlocksAVX512(_ job: SGP4BlockJob, blocks: Range<Int>) {
    propagateSGP4Blocks(job, blocks: blocks, arithmetic: FusedLaneArithmetic.self)
}
