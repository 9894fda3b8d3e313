/// One headless chromium at a time across the browser suites of this test target.
///
/// Each suite drives its own center and chromium (SwiftShader renders WebGL on the CPU). On the
/// 2-core CI machine three of them at once, next to the rest of the test run, made WebDriver
/// commands (screenshots, scripts) wait past their timeouts; taking turns keeps each session fast.
/// Waiters are served first come, first served; the waiting is a suspension, never a blocked thread.
actor BrowserTurns {
    static let shared = BrowserTurns()

    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` when no other browser session is running.
    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            release()
            return value
        } catch {
            release()
            throw error
        }
    }

    private func acquire() async {
        if !busy { busy = true; return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}
