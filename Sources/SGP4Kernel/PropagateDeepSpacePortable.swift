/// The deep-space (SDP4) block kernel compiled for the package's baseline CPU, with separate multiply
/// and add: correct everywhere, the fallback where neither AVX2 nor AVX-512 is present.
public func propagateDeepSpaceBlocksPortable(_ job: DeepSpaceBlockJob, blocks: Range<Int>) {
    propagateDeepSpaceBlocks(job, blocks: blocks, arithmetic: SeparateLaneArithmetic.self)
}
