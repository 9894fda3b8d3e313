import ArgumentParser

@main
struct Kanshi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kanshi", abstract: "Kanshi space surveillance toolkit.")
}
