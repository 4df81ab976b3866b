import WinnowCore
import WinnowModel

/// What one model call came to: the parsed replies, or the error that ended it.
public struct ModelProposal<Parse: Sendable>: Sendable {
    /// One parse per completion; empty when the call failed.
    public var parses: [Parse]
    /// What the call spent, a failed one included (its requests and retries were made all the same).
    public var usage: ModelUsage
    public var error: ModelError?
}

/// Asks the model for candidates: a direct answer, programs from a prompt, a repaired program.
///
/// It only proposes; nothing it returns is trusted. Prompts come from the shipped files, so what is
/// sent to the model can be reviewed without reading this code.
public struct ModelProposer: Sendable {
    public var model: any LanguageModel
    /// Sampling for program prompts and repairs (temperature, samples, seed…).
    public var programOptions: SamplingOptions
    /// Ask for direct answers with a JSON schema (structured output) on servers that support it.
    public var structuredOutput: Bool
    /// A held-out input rendered longer than this is not sent for a direct answer (see `TablePrompts`).
    public var maxDirectCharacters = TablePrompts.maxDirectCharacters
    /// Rows of the held-out input shown in a program prompt.
    public var previewRows = TablePrompts.previewRows

    public init(model: any LanguageModel, programOptions: SamplingOptions = SamplingOptions(), structuredOutput: Bool = true) {
        self.model = model
        self.programOptions = programOptions
        self.structuredOutput = structuredOutput
    }

    /// A list of rows of strings: what a direct answer must be.
    static let tableSchema = #"{"type":"array","items":{"type":"array","items":{"type":"string"}}}"#

    /// The model's own transformed table for `query`, greedy (one answer, the most likely).
    public func directAnswer(example: Example<Table>, query: Table) async throws(WinnowError) -> ModelProposal<TableParse> {
        let rendered = PromptTemplate.render(query)
        if rendered.count > maxDirectCharacters {
            return ModelProposal(
                parses: [.noTable("the held-out input is \(rendered.count) characters, over the \(maxDirectCharacters) sent for a direct answer")],
                usage: ModelUsage(), error: nil)
        }
        let prompt = try TablePrompts.direct(example: example, renderedQuery: rendered)
        var options = programOptions
        options.samples = 1
        options.temperature = 0
        options.topP = 1
        // Room for the table: a cell costs at least a token, and JSON punctuation about as much again.
        options.maxTokens = max(programOptions.maxTokens, min(16_384, rendered.utf8.count))
        if structuredOutput { options.jsonSchema = Self.tableSchema }
        return await ask(prompt, options, parse: TableExtractor.extract)
    }

    /// `programOptions.samples` programs from one of the shipped program prompts.
    public func programs(prompt name: String, example: Example<Table>, query: Table?) async throws(WinnowError) -> ModelProposal<ProgramParse> {
        let prompt = try TablePrompts.program(name, example: example, query: query, previewRows: previewRows)
        return await ask(prompt, programOptions, parse: { ProgramExtractor.extract($0) })
    }

    /// One repair: the failing program, what it did on the example, and where its output differs.
    public func repair(program: String, observed: String, diff: String, example: Example<Table>) async throws(WinnowError) -> ModelProposal<ProgramParse> {
        let prompt = try TablePrompts.repair(program: program, observed: observed, diff: diff, example: example)
        var options = programOptions
        options.samples = 1
        return await ask(prompt, options, parse: { ProgramExtractor.extract($0) })
    }

    private func ask<Parse: Sendable>(
        _ prompt: String, _ options: SamplingOptions, parse: (String) -> Parse
    ) async -> ModelProposal<Parse> {
        do {
            let reply = try await model.complete([.user(prompt)], options: options)
            return ModelProposal(parses: reply.completions.map { parse($0.text) }, usage: reply.usage, error: nil)
        } catch {
            return ModelProposal(parses: [], usage: error.usage, error: error.error)
        }
    }
}
