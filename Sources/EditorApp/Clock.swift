#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Clock {
    /// Wall-clock microseconds since the epoch (for `.tick`).
    static func wallMicroseconds() -> Int64 { read(CLOCK_REALTIME) }
    /// Monotonic microseconds (for scheduling).
    static func monotonicMicroseconds() -> Int64 { read(CLOCK_MONOTONIC) }

    private static func read(_ clock: clockid_t) -> Int64 {
        var ts = timespec()
        clock_gettime(clock, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1_000
    }
}
