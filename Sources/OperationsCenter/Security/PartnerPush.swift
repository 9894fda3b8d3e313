import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import Persistence
import ServiceLifecycle

/// How ``PartnerPush`` delivers alerts.
public struct PartnerPushPolicy: Sendable, Hashable {
    /// How often the store is looked at for new alerts, seconds.
    public var intervalSeconds: Double = 2
    /// Alerts per delivery at most (the rest go in the next one).
    public var batchLimit: Int = 100
    /// A delivery that fails is tried again after this, doubling per failure up to ``maximumBackoffSeconds``.
    public var initialBackoffSeconds: Double = 2
    public var maximumBackoffSeconds: Double = 300
    /// A webhook that does not answer within this is a failed delivery, seconds.
    public var timeoutSeconds: Double = 10

    public init() {}
}

/// Pushes every new alert an account may see to the account's webhook (`kanshi users webhook`):
/// a `POST` of `{"items": [alert, ...]}` (the `alert` shape of `GET /alerts`), oldest first.
///
/// Each account has its own cursor, starting at the newest alert when the center starts (a
/// restart does not resend history: a partner that missed alerts reads `GET /alerts?after_id=`).
/// An alert is sent only when the account's ``Visibility`` lets it through, decided in the store
/// query like every read. A delivery is complete when the webhook answers 2xx; otherwise it is
/// retried with exponential backoff, and the cursor does not move, so nothing is skipped. Every
/// delivery and every failure is in the audit log (`push`, `push_failure`).
public actor PartnerPush: Service {
    private let store: any Store
    private let catalog: LiveCatalog
    private let policy: PartnerPushPolicy
    private let logger: Logger
    private var cursors: [Int64: Int64] = [:]
    private var failures: [Int64: (count: Int, retryAt: ContinuousClock.Instant)] = [:]
    private var startCursor: Int64?
    /// Foundation's HTTP client (libcurl on Linux): no TLS stack to build for one POST.
    private let session: URLSession

    public init(store: any Store, catalog: LiveCatalog, policy: PartnerPushPolicy, logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.policy = policy
        self.logger = logger
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = policy.timeoutSeconds
        configuration.httpMaximumConnectionsPerHost = 2
        session = URLSession(configuration: configuration)
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.deliverOnce()
                try? await Task.sleep(for: .seconds(self.policy.intervalSeconds))
            }
        }
        session.invalidateAndCancel()
    }

    /// One round: every account with a webhook gets what arrived since its cursor. Returns the
    /// number of alerts delivered (tests drive it directly).
    @discardableResult
    public func deliverOnce() async -> Int {
        var delivered = 0
        do {
            if startCursor == nil {
                startCursor = try await store.alerts(matching: AlertQuery(order: .newest, limit: 1)).first?.id ?? 0
            }
            for account in try await store.accounts() where !account.disabled {
                guard let url = account.webhookURL else { continue }
                if let f = failures[account.id], ContinuousClock.now < f.retryAt { continue }
                delivered += await deliver(to: account, url: url)
            }
        } catch {
            logger.error("partner push: cannot read the store", metadata: ["error": "\(error)"])
        }
        return delivered
    }

    private func deliver(to account: Account, url: String) async -> Int {
        let cursor = cursors[account.id] ?? startCursor ?? 0
        let page: [StoredAlert]
        do {
            page = try await store.alerts(matching: AlertQuery(afterID: cursor, order: .newest, limit: policy.batchLimit,
                                                               visibility: account.visibility)).sorted { $0.id < $1.id }
        } catch {
            logger.error("partner push: cannot read alerts", metadata: ["account": "\(account.username)", "error": "\(error)"])
            return 0
        }
        guard let last = page.last else { return 0 }
        let names = catalog.snapshot().view(for: account.visibility)
        let body = Encoders.list(page, limit: policy.batchLimit, offset: 0, capacity: 400 * page.count + 64) { o, a in
            Encoders.alert(&o, a, names: names)
        }
        var status: Int?
        var failure: String?
        if let target = URL(string: url) {
            var request = URLRequest(url: target)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("kanshi-partner-push", forHTTPHeaderField: "User-Agent")
            request.httpBody = Data(body.utf8)
            do {
                let (_, response) = try await session.data(for: request)
                let code = (response as? HTTPURLResponse)?.statusCode ?? 0
                status = code
                if !(200..<300).contains(code) { failure = "webhook answered \(code)" }
            } catch {
                failure = error.localizedDescription
            }
        } else {
            failure = "not a URL"
        }
        let entry = NewAuditEntry(at: Date(), accountID: account.id, username: account.username,
                                  action: failure == nil ? "push" : "push_failure", method: "POST", target: url, status: status,
                                  records: page.count, detail: failure)
        try? await store.appendAudit([entry])
        if let failure {
            let count = (failures[account.id]?.count ?? 0) + 1
            let wait = min(policy.maximumBackoffSeconds, policy.initialBackoffSeconds * pow(2, Double(count - 1)))
            failures[account.id] = (count, ContinuousClock.now + .milliseconds(Int64(wait * 1000)))
            logger.warning("partner push failed; retrying", metadata: ["account": "\(account.username)", "error": "\(failure)",
                                                                      "attempt": "\(count)", "retry_in_s": "\(wait)"])
            return 0
        }
        failures[account.id] = nil
        cursors[account.id] = last.id
        return page.count
    }
}
