#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the editor's database calls one at a time on a thread of their own, so that a database that
/// makes us wait (another program holding SQLite's write lock, a PostgreSQL row lock, a slow server)
/// never stops the loop from echoing keys. A second one writes the draft journal.
///
/// A job runs on the worker thread and returns a completion; the loop runs completions on its own
/// thread (`runCompletions()`) after `fileDescriptor` (a pipe) wakes its `poll()`. Completions come
/// back in the order the jobs went in. The store and the change feed are used by the worker only,
/// except after `stop()` has returned, when the worker is gone and the loop may call them directly.
final class StoreWorker: @unchecked Sendable {
    typealias Completion = () -> Void
    typealias Job = () -> Completion

    private var mutex = pthread_mutex_t()
    private var condition = pthread_cond_t()
    private var jobs: [(id: Int, job: Job)] = []
    private var completions: [Completion] = []
    private var stopping = false
    private var thread: pthread_t?
    private var nextID = 1
    /// The job running now and when it started (monotonic microseconds).
    private var current: (id: Int, since: Int64)?
    private let wakeRead: Int32
    private let wakeWrite: Int32

    /// Poll this for POLLIN: completions are waiting.
    var fileDescriptor: Int32 { wakeRead }

    init() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw WorkerError.cannotStart(String(cString: strerror(errno))) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&condition, nil)
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(
            &handle, nil,
            { raw in
                #if canImport(Glibc)
                let worker = Unmanaged<StoreWorker>.fromOpaque(raw!).takeRetainedValue()
                #else
                let worker = Unmanaged<StoreWorker>.fromOpaque(raw).takeRetainedValue()
                #endif
                worker.work()
                return nil
            }, context)
        guard rc == 0 else {
            Unmanaged<StoreWorker>.fromOpaque(context).release()
            close(wakeRead)
            close(wakeWrite)
            throw WorkerError.cannotStart(String(cString: strerror(rc)))
        }
        thread = handle
    }

    deinit {
        stop()
        close(wakeRead)
        close(wakeWrite)
        pthread_cond_destroy(&condition)
        pthread_mutex_destroy(&mutex)
    }

    enum WorkerError: Error, CustomStringConvertible {
        case cannotStart(String)
        var description: String {
            if case .cannotStart(let reason) = self { return "cannot start the database thread: " + reason }
            return ""
        }
    }

    /// Queues a job; returns its id.
    @discardableResult
    func submit(_ job: @escaping Job) -> Int {
        pthread_mutex_lock(&mutex)
        let id = nextID
        nextID += 1
        jobs.append((id, job))
        pthread_cond_signal(&condition)
        pthread_mutex_unlock(&mutex)
        return id
    }

    /// The job running now and since when (monotonic microseconds), nil when the worker is idle.
    var running: (id: Int, since: Int64)? {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return current
    }

    /// True when no job is queued or running.
    var isIdle: Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return current == nil && jobs.isEmpty
    }

    /// Runs the completions of finished jobs, in order, on the caller's thread.
    func runCompletions() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        pthread_mutex_lock(&mutex)
        let ready = completions
        completions.removeAll()
        pthread_mutex_unlock(&mutex)
        for completion in ready { completion() }
    }

    /// Lets every queued job finish, runs their completions, and ends the thread. Safe to call twice.
    func stop() {
        pthread_mutex_lock(&mutex)
        stopping = true
        pthread_cond_signal(&condition)
        let handle = thread
        thread = nil
        pthread_mutex_unlock(&mutex)
        if let handle { pthread_join(handle, nil) }
        runCompletions()
    }

    private func work() {
        while true {
            pthread_mutex_lock(&mutex)
            while jobs.isEmpty && !stopping { pthread_cond_wait(&condition, &mutex) }
            if jobs.isEmpty {
                pthread_mutex_unlock(&mutex)
                return
            }
            let (id, job) = jobs.removeFirst()
            current = (id, Clock.monotonicMicroseconds())
            pthread_mutex_unlock(&mutex)

            let completion = job()

            pthread_mutex_lock(&mutex)
            current = nil
            completions.append(completion)
            pthread_mutex_unlock(&mutex)
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
        }
    }
}
