import Foundation

/// Runs CPU-heavy test work on a thread of its own, off Swift's cooperative pool, and returns its
/// result to the calling test.
///
/// The pool has one thread per core (two on the CI machine). Long synchronous comparisons on it
/// starve every other suite waiting on I/O in the same test process: PostgreSQL connections and
/// HTTP reads time out. The heavy jobs of every test target also take turns (one at a time in the
/// process), so they do not crowd out the rest of the run. `body` must not record expectations
/// (it runs outside the test's task); it returns what the test then checks.
public func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread {
            heavyTestWork.wait()
            let result = body()
            heavyTestWork.signal()
            continuation.resume(returning: result)
        }
        thread.stackSize = 16 << 20
        thread.start()
    }
}

/// Admits one heavy test job at a time (see ``offCooperativePool(_:)``).
nonisolated(unsafe) private let heavyTestWork = DispatchSemaphore(value: 1)
