import Astrodynamics
import Conjunction
import Foundation
import Logging
import Persistence
import ServiceLifecycle
import SpaceData
import Synchronization
import Threats

/// What the pipeline is doing, for `/api/v1/status` and the UI.
public struct PipelineStatus: Sendable {
    /// What the pipeline is busy with.
    public enum Phase: String, Sendable { case starting, loading, screening, threats, idle }
    /// The last finished screening.
    public struct LastScreening: Sendable {
        public var completedAt: Date
        public var screenedObjects: Int
        public var events: Int
        public var seconds: Double
        public var full: Bool
    }
    public var phase: Phase = .starting
    /// 0...1 within the phase.
    public var progress: Double = 0
    public var detail: String = "starting"
    public var lastScreening: LastScreening?
    /// Finished screenings since start.
    public var screenings: Int = 0
}

/// The live pipeline: keeps the ``LiveCatalog`` from the store, loads the bundled catalog into an
/// empty store and screens it, then re-screens the objects touched by each arrival of element sets
/// against the whole catalog, records the events and raises alerts.
///
/// Arrivals during a screening are coalesced into the next run. A screening runs on its own
/// threads (never on the cooperative pool that answers requests); on graceful shutdown the
/// pipeline stops waiting for it and records nothing, so the store never holds half a run.
public final class ScreeningPipeline: Service, Sendable {
    let store: any Store
    let catalog: LiveCatalog
    let clock: OperationsClock
    let hub: AlertHub
    let configuration: ServerConfiguration
    let eop: EarthOrientationTable
    let logger: Logger
    let metrics: CenterMetrics
    /// The threat picture kept current after each screening (`nil`: no protected assets).
    let threats: ThreatWatch?

    private let state = Mutex(PipelineStatus())
    private let pending = Mutex(Set<Int>())
    /// The newest stored row when the catalog was loaded: the store watch follows from there.
    private let watchStart = Mutex<Int64?>(nil)
    private let wakeUp: AsyncStream<Void>
    private let wakeUpContinuation: AsyncStream<Void>.Continuation

    init(store: any Store, catalog: LiveCatalog, clock: OperationsClock, hub: AlertHub, configuration: ServerConfiguration,
         eop: EarthOrientationTable, logger: Logger, metrics: CenterMetrics, threats: ThreatWatch? = nil) {
        self.threats = threats
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.hub = hub
        self.configuration = configuration
        self.eop = eop
        self.logger = logger
        self.metrics = metrics
        (wakeUp, wakeUpContinuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    /// The current status.
    public var status: PipelineStatus { state.withLock { $0 } }

    private func set(_ phase: PipelineStatus.Phase, _ progress: Double, _ detail: String) {
        state.withLock { $0.phase = phase; $0.progress = progress; $0.detail = detail }
    }

    func setPhase(_ phase: PipelineStatus.Phase, _ progress: Double, _ detail: String) { set(phase, progress, detail) }

    /// Element sets of these objects arrived: screen them (coalesced with other arrivals).
    public func notify(touched: Set<Int>) {
        guard !touched.isEmpty else { return }
        pending.withLock { $0.formUnion(touched) }
        wakeUpContinuation.yield()
    }

    public func run() async throws {
        do {
            try await start()
        } catch is CancellationError {
            return
        } catch {
            // The API keeps serving what the store has; new arrivals are still screened.
            logger.error("pipeline start failed: \(error)")
            set(.idle, 0, "start failed: \(error)")
        }
        if status.detail == "loading" || status.phase != .idle { set(.idle, 1, "waiting for element sets") }
        let watcher = configuration.storeWatchSeconds.map { seconds in Task { await self.watchStore(everySeconds: seconds) } }
        defer { watcher?.cancel() }
        for await _ in wakeUp.cancelOnGracefulShutdown() {
            let touched = pending.withLock { p -> Set<Int> in let t = p; p.removeAll(); return t }
            if touched.isEmpty { continue }
            do {
                try await screen(primaries: touched, bootstrap: false)
            } catch is CancellationError {
                break
            } catch {
                logger.error("incremental screening failed", metadata: ["error": "\(error)", "objects": "\(touched.count)"])
            }
            set(.idle, 1, "waiting for element sets")
        }
        wakeUpContinuation.finish()
        logger.info("pipeline stopped")
    }

    /// Loads the catalog (bootstrapping an empty store) and, when the store has no events, screens it all.
    func start() async throws {
        set(.loading, 0, "reading the store")
        var counts = try await store.counts()
        if counts.elementSets == 0 && configuration.bootstrap {
            try await bootstrap()
            counts = try await store.counts()
        }
        let newestRow = try await store.elementSets(matching: ElementSetQuery(order: .idDescending, limit: 1)).first?.id ?? 0
        watchStart.withLock { $0 = newestRow }
        try await reloadCatalog()
        let snapshot = catalog.snapshot()
        let mode = clock.resolve(medianEpoch: snapshot.medianEpoch)
        logger.notice("OPERATIONS CLOCK: \(mode.rawValue) — operations time \(clock.now().iso8601UTC(fractionDigits: 0)) (setting \(clock.setting); catalog median epoch \(snapshot.medianEpoch?.iso8601UTC(fractionDigits: 0) ?? "none"))")
        if snapshot.count > 0 && counts.events == 0 {
            try await screen(primaries: nil, bootstrap: true)
        } else if snapshot.count > 0 {
            // A restart on a screened store: the events are there, the threat picture is rebuilt.
            try await assessThreats(touched: nil)
        }
    }

    /// Reads the whole latest catalog from the store into memory.
    func reloadCatalog() async throws {
        catalog.replace(latest: try await store.latestElementSetsByMarking(catalogNumbers: nil))
        logger.info("catalog in memory", metadata: ["objects": "\(catalog.snapshot().count)"])
    }

    /// Refreshes some objects in memory after an ingest.
    func refresh(_ touched: Set<Int>) async throws {
        guard !touched.isEmpty else { return }
        catalog.update(latest: try await store.latestElementSetsByMarking(catalogNumbers: touched))
    }

    /// Follows what other processes store (`kanshi ingest` into the same database): every
    /// `seconds`, the element sets stored after the last row seen are read in storage order;
    /// those newer than what the live catalog holds update it and are screened like any arrival.
    /// Sets the center stored itself (POST) are already in the live catalog and are passed over.
    func watchStore(everySeconds seconds: Double) async {
        // Rows stored after the catalog was loaded; taken before the load, so none falls between.
        var lastSeen = watchStart.withLock { $0 } ?? 0
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(seconds)) } catch { return }
            do {
                var touched = Set<Int>()
                while true {
                    let page = try await store.elementSets(matching: ElementSetQuery(afterID: lastSeen, order: .idAscending, limit: 1_000))
                    let snapshot = catalog.snapshot()
                    for row in page {
                        let set = row.elementSet
                        if let held = snapshot.entry(set.noradCatalogNumber, marking: row.marking), held.elementSet.epoch >= set.epoch { continue }
                        touched.insert(set.noradCatalogNumber)
                    }
                    lastSeen = page.last?.id ?? lastSeen
                    if page.count < 1_000 { break }
                }
                guard !touched.isEmpty else { continue }
                logger.info("store watch: element sets stored by another process", metadata: ["objects": "\(touched.count)", "last_row": "\(lastSeen)"])
                try await refresh(touched)
                notify(touched: touched)
            } catch {
                logger.error("store watch failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Ingests the bundled catalog files in batches.
    func bootstrap() async throws {
        let files = configuration.bootstrapFiles()
        guard !files.isEmpty else {
            logger.warning("bootstrap: no catalog file found", metadata: ["data_directory": "\(configuration.dataDirectory?.path ?? "none")"])
            return
        }
        let reader = ElementSetReader()
        for file in files {
            set(.loading, 0, "reading \(file.lastPathComponent)")
            logger.notice("bootstrap: loading \(file.path)")
            let report = reader.read(files: [file.path])
            if !report.errors.isEmpty {
                logger.warning("bootstrap: \(report.summary)", metadata: ["file": "\(file.lastPathComponent)"])
            }
            let sets = report.records
            let batch = max(1, configuration.bootstrapBatchSize)
            var done = 0
            var inserted = 0
            while done < sets.count {
                try Task.checkCancellation()
                if Task.isShuttingDownGracefully { throw CancellationError() }
                let chunk = Array(sets[done..<min(sets.count, done + batch)])
                let receipt = try await store.ingest(chunk, source: "bundled:\(file.lastPathComponent)", provenance: configuration.bundledProvenance)
                inserted += receipt.inserted
                done += chunk.count
                let fraction = Double(done) / Double(sets.count)
                set(.loading, fraction, "loading \(file.lastPathComponent): \(done) of \(sets.count) element sets")
                logger.info("bootstrap: \(done) of \(sets.count) element sets (\(Int(fraction * 100))%)")
            }
            metrics.elementSetsIngested.increment(by: inserted)
            logger.notice("bootstrap: \(inserted) element sets stored from \(file.lastPathComponent)")
        }
    }

    /// Screens `primaries` (or everything) against the catalog, records the run, raises alerts.
    func screen(primaries: Set<Int>?, bootstrap: Bool) async throws {
        let snapshot = catalog.snapshot()
        let start = OperationsClock.toMinute(clock.now())
        let duration = configuration.screeningDays * 86_400
        var objects = snapshot.catalogNumbers.compactMap { id -> ScreeningObject? in
            guard let e = snapshot.entries[id], let s = e.sgp4 else { return nil }
            return ScreeningObject(id: id, name: e.elementSet.objectName, sgp4: s)
        }
        let wanted = primaries.map { $0.intersection(snapshot.entries.keys) }
        if let wanted, wanted.isEmpty { return }
        if let wanted {
            objects = ScreeningPipeline.radiusBandCandidates(objects, primaries: wanted, thresholdKm: configuration.thresholdKm)
        }
        let what = wanted.map { "\($0.count) objects against \(objects.count)" } ?? "all \(objects.count) objects"
        set(.screening, 0, "screening \(what)")
        logger.notice("screening \(what), \(configuration.screeningDays) days from \(start.iso8601UTC(fractionDigits: 0)), threshold \(configuration.thresholdKm) km")
        let config = ScreeningConfiguration(start: start, durationSeconds: duration, thresholdKm: configuration.thresholdKm,
                                            primaries: wanted, threads: configuration.screeningThreads,
                                            maximumElementAgeDays: configuration.maximumElementAgeDays)
        let t0 = ContinuousClock.now
        let lastLogged = Mutex(-1)
        let logger = self.logger
        let progress: @Sendable (Double) -> Void = { [weak self] f in
            self?.state.withLock { $0.progress = f }
            let tenth = Int(f * 10)
            let log = lastLogged.withLock { last -> Bool in if tenth > last { last = tenth; return true }; return false }
            if log { logger.info("screening \(tenth * 10)%") }
        }
        let population = objects
        guard let result = await ScreeningPipeline.offPool({ Screener(configuration: config).screen(population, progress: progress) }) else {
            logger.notice("screening abandoned (shutting down); nothing recorded")
            throw CancellationError()
        }
        let seconds = (ContinuousClock.now - t0).inSeconds

        // Assess each event (primary = the lower catalog number, as the store keys pairs).
        let assessor = EventAssessor(hardBodyRadiusKm: configuration.hardBodyRadiusKm)
        let creation = Instant.wallClockNow
        let period = start...start.advanced(bySeconds: duration)
        var inputs: [ConjunctionEventInput] = []
        inputs.reserveCapacity(result.events.count)
        for raw in result.events {
            let event = ScreeningPipeline.lowerFirst(raw)
            guard let p = snapshot.entries[event.id1], let s = snapshot.entries[event.id2] else { continue }
            let assessed = assessor.assess(event, primary: p.elementSet, secondary: s.elementSet)
            let cdm = CDMKVN.write(assessed.conjunctionDataMessage(eop: eop, creationDate: creation, screenPeriod: period))
            inputs.append(ConjunctionEventInput(
                primary: event.id1, secondary: event.id2, tca: event.tca, missDistanceKm: event.missDistanceKm,
                relativeSpeedKmPerS: event.relativeSpeedKmPerS, missRTNKm: event.missRTNKm, pc: assessed.pc.value,
                pcMethod: EventAssessor.pcMethodDescription, primaryElementSetID: p.stored.id, secondaryElementSetID: s.stored.id,
                cdmKVN: cdm, marking: p.stored.marking.combined(with: s.stored.marking)))
        }
        let outcome = try await store.recordScreening(ScreeningRunInput(
            windowStart: start, windowEnd: start.advanced(bySeconds: duration), thresholdKm: configuration.thresholdKm,
            screenedCatalogNumbers: wanted, events: inputs))
        let markingByEvent = Dictionary(zip(outcome.changes.map(\.eventID), inputs.map(\.marking)), uniquingKeysWith: { a, _ in a })
        let alerts = configuration.alertPolicy.alerts(
            for: outcome.changes, primaries: inputs.map(\.primary), secondaries: inputs.map(\.secondary),
            names: { snapshot.entries[$0]?.elementSet.objectName }, now: start, bootstrap: bootstrap)
            .map { alert in
                // an event's alert carries the event's marking (changes are in input order)
                var marked = alert
                if let id = alert.eventID, let m = markingByEvent[id] { marked.marking = m }
                return marked
            }
        let stored = alerts.isEmpty ? [] : try await store.insertAlerts(alerts)
        if !stored.isEmpty {
            await hub.publish(stored.map { AlertHub.Message($0, names: snapshot) })
        }
        metrics.pipelineRuns.increment()
        metrics.eventsFound.increment(by: inputs.count)
        metrics.alertsRaised.increment(by: stored.count)
        metrics.screeningSeconds.recordSeconds(seconds)
        let newCount = outcome.changes.filter { $0.kind == .new }.count
        let st = result.statistics
        logger.notice("screening done: \(inputs.count) events (\(newCount) new, \(outcome.clearedEventIDs.count) cleared), \(stored.count) alerts, \(st.screenedObjects) of \(objects.count) objects screened in \(String(format: "%.1f", seconds)) s (vetting \(String(format: "%.1f", st.vettingSeconds)) s, search \(String(format: "%.1f", st.searchSeconds)) s, refinement \(String(format: "%.1f", st.refinementSeconds)) s)")
        state.withLock {
            $0.lastScreening = .init(completedAt: Date(), screenedObjects: result.statistics.screenedObjects, events: inputs.count,
                                     seconds: seconds, full: wanted == nil)
        }
        do {
            try await assessThreats(touched: wanted)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            logger.error("threat assessment failed", metadata: ["error": "\(error)"])
        }
        state.withLock { $0.screenings += 1 }
    }

    /// For an incremental run: the objects whose radius band can come within the threshold of a
    /// primary's, before the screener vets them (vetting every object of the catalog for one
    /// arrival is most of an incremental run's time). The band is the SGP4 mean perigee–apogee
    /// radius widened by 100 km (deep space: also 2% of the semi-major axis), twice the screener's
    /// own apsis-filter pad, so this never removes an object the screener would keep.
    static func radiusBandCandidates(_ objects: [ScreeningObject], primaries: Set<Int>, thresholdKm: Double) -> [ScreeningObject] {
        func band(_ s: SGP4) -> (Double, Double) {
            let re = s.gravity.radiusKm
            let pad = 100 + (s.isDeepSpace ? 0.02 * s.semiMajorAxisKm : 0)
            return (s.perigeeAltitudeKm + re - pad, s.apogeeAltitudeKm + re + pad)
        }
        let primaryBands = objects.filter { primaries.contains($0.id) }.map { band($0.sgp4) }
        guard !primaryBands.isEmpty else { return objects }
        return objects.filter { o in
            if primaries.contains(o.id) { return true }
            let (lo, hi) = band(o.sgp4)
            return primaryBands.contains { lo <= $0.1 + thresholdKm && $0.0 <= hi + thresholdKm }
        }
    }

    /// The event with the lower catalog number as primary (states swapped, RTN miss recomputed).
    static func lowerFirst(_ e: ConjunctionEvent) -> ConjunctionEvent {
        guard e.id2 < e.id1 else { return e }
        let p = e.secondaryState, s = e.primaryState
        return ConjunctionEvent(id1: e.id2, id2: e.id1, tca: e.tca, missDistanceKm: e.missDistanceKm, relativeSpeedKmPerS: e.relativeSpeedKmPerS,
                                missRTNKm: RTNBasis(p).toRTN(s.positionKm - p.positionKm), primaryState: p, secondaryState: s)
    }

    /// Runs CPU-bound work on its own thread; `nil` when the task is cancelled or the service
    /// group shuts down first (the work then finishes unobserved).
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        let shot = OneShot<T>()
        return await withTaskCancellationOrGracefulShutdownHandler {
            await withCheckedContinuation { (c: CheckedContinuation<T?, Never>) in
                shot.install(c)
                Thread.detachNewThread { shot.resume(work()) }
            }
        } onCancelOrGracefulShutdown: {
            shot.resume(nil)
        }
    }
}

/// A continuation resumed once, by whichever side comes first.
final class OneShot<T: Sendable>: Sendable {
    private struct State { var continuation: CheckedContinuation<T?, Never>?; var abandoned = false; var done = false }
    private let state = Mutex(State())

    func install(_ c: CheckedContinuation<T?, Never>) {
        let resumeNow = state.withLock { s -> Bool in
            if s.abandoned { s.done = true; return true }
            s.continuation = c
            return false
        }
        if resumeNow { c.resume(returning: nil) }
    }

    func resume(_ value: T?) {
        let c = state.withLock { s -> CheckedContinuation<T?, Never>? in
            if s.done { return nil }
            guard let c = s.continuation else { if value == nil { s.abandoned = true }; return nil }
            s.continuation = nil
            s.done = true
            return c
        }
        c?.resume(returning: value)
    }
}

