/// The SGP4 block kernel compiled for the package's baseline CPU, with separate multiply and add:
/// correct everywhere, the fallback where neither AVX2 nor AVX-512 is present.
public func propagateSGP4BlocksPortable(_ job: SGP4BlockJob, blocks: Range<Int>) {
    propagateSGP4Blocks(job, blocks: blocks, arithmetic: SeparateLaneArithmetic.self)
}
