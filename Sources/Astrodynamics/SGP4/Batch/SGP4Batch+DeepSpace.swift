extension SGP4Batch {
    /// Deep-space satellites `deepSpaceIndices[range]` at every grid time, into their slots.
    ///
    /// Each satellite runs the scalar propagator (Vallado's `dscom`/`dpper`/`dspace` through
    /// ``SGP4/propagate(minutesSinceEpoch:)``).
    func propagateDeepSpace(_ range: Range<Int>, reference: UnsafePointer<Double>,
                            grid: UnsafeBufferPointer<Double>, _ out: SGP4BatchStates.Pointers) {
        for k in range {
            let i = deepSpaceIndices[k]
            let p = propagators[i]
            for (j, minutes) in grid.enumerated() {
                let t = reference[i] + minutes
                out.store(j * count + i, Result { () throws(SGP4Error) in try p.propagate(minutesSinceEpoch: t) })
            }
        }
    }
}
