import CoreMetrics
import Foundation
import Hummingbird
import Metrics
import Prometheus

/// The center's metrics: swift-metrics instruments backed by one Prometheus registry per center
/// (not the process-wide bootstrap, so several centers in one test process stay apart), exposed at
/// `GET /metrics`.
public final class CenterMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    let factory: PrometheusMetricsFactory

    let pipelineRuns: CoreMetrics.Counter
    let eventsFound: CoreMetrics.Counter
    let alertsRaised: CoreMetrics.Counter
    let elementSetsIngested: CoreMetrics.Counter
    let webSocketClients: CoreMetrics.Gauge
    let screeningSeconds: CoreMetrics.Timer

    public init() {
        registry = PrometheusCollectorRegistry()
        factory = PrometheusMetricsFactory(registry: registry)
        pipelineRuns = CoreMetrics.Counter(label: "kanshi_pipeline_runs_total", dimensions: [], factory: factory)
        eventsFound = CoreMetrics.Counter(label: "kanshi_events_found_total", dimensions: [], factory: factory)
        alertsRaised = CoreMetrics.Counter(label: "kanshi_alerts_total", dimensions: [], factory: factory)
        elementSetsIngested = CoreMetrics.Counter(label: "kanshi_element_sets_ingested_total", dimensions: [], factory: factory)
        webSocketClients = CoreMetrics.Gauge(label: "kanshi_websocket_clients", dimensions: [], factory: factory)
        screeningSeconds = CoreMetrics.Timer(label: "kanshi_screening_duration_seconds", dimensions: [], factory: factory)
    }

    /// Counts one answered request by route template and status, with its latency.
    func request(route: String, method: String, status: Int, nanoseconds: Int64) {
        let dims = [("route", route), ("method", method), ("status", String(status))]
        CoreMetrics.Counter(label: "http_requests_total", dimensions: dims, factory: factory).increment()
        CoreMetrics.Timer(label: "http_request_duration_seconds", dimensions: [("route", route), ("method", method)], factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition.
    public func exposition() -> [UInt8] { registry.emitToBuffer() }
}

/// Records every request's route, status and latency (after the problem middleware, so errors count with their status).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: CenterMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let (s, a) = elapsed.components
        let route = context.endpointPath ?? "unmatched"
        metrics.request(route: route, method: request.method.rawValue, status: response.status.code,
                        nanoseconds: s * 1_000_000_000 + a / 1_000_000_000)
        return response
    }
}
