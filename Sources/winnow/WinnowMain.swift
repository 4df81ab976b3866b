import WinnowCLI

/// Entry point of the `winnow` executable; all behaviour lives in `WinnowCLI`.
@main
enum WinnowMain {
    static func main() async {
        await WinnowCommand.main()
    }
}
