import ArgumentParser
import Logging

/// Options every subcommand accepts.
struct GlobalOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Least severe log message written to stderr.", valueName: "level"))
    var logLevel: LogLevel = .warning
}

/// Log levels as the command line spells them.
///
/// Its own type rather than a retroactive conformance of `Logger.Level`, which would tie the command
/// line to swift-log's spelling.
enum LogLevel: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level {
        switch self {
        case .trace: .trace
        case .debug: .debug
        case .info: .info
        case .notice: .notice
        case .warning: .warning
        case .error: .error
        case .critical: .critical
        }
    }
}

/// A command whose log level the entry point reads before running it, so logging is bootstrapped once.
protocol LoggingCommand {
    var global: GlobalOptions { get }
}
