import CFuzzDriver
import Foundation

/// The entry point every target's `@main` type forwards to: libFuzzer's driver with the process's
/// arguments (`-max_total_time`, `-dict`, corpus folders…).
public enum FuzzEntry {
    public static func run() -> Never {
        exit(winnow_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv))
    }
}
