import Logging

/// Sends swift-log output to stderr at the chosen level; called once, by the process entry point.
enum LogSetup {
    static func bootstrap(_ level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
