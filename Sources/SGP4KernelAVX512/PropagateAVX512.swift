import SGP4Kernel

/// `a·b + c` fused, for this module's specialisation of the kernel. A type of its own (not the
/// shared ``FusedLaneArithmetic``) so every specialised function compiled here carries a symbol name
/// no other variant uses: the linker merges same-named weak symbols, and must never hand AVX-512
/// code to a CPU without it.
public enum AVX512LaneArithmetic: LaneArithmetic {
    @inlinable @inline(__always)
    public static func multiplyAdd(_ a: Lanes, _ b: Lanes, _ c: Lanes) -> Lanes { c.addingProduct(a, b) }
}

/// The SGP4 block kernel compiled for x86-64 with AVX-512 F/CD/BW/DQ/VL (`-target-cpu
/// skylake-avx512`, set in Package.swift). Call only where the CPU has them; `Astrodynamics.SGP4Batch`
/// checks.
public func propagateSGP4BlocksAVX512(_ job: SGP4BlockJob, blocks: Range<Int>) {
    propagateSGP4Blocks(job, blocks: blocks, arithmetic: AVX512LaneArithmetic.self)
}
