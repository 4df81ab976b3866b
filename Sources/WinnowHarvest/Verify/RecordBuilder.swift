import WinnowCore

/// Makes the records of one verified program: the `program` view, then one `direct` view per
/// verified pair the channel would ask about.
struct RecordBuilder {
    var source: HarvestSource
    var trial: ProgramTrial
    var created: String

    func records(python: String, programHash: String) throws(WinnowError) -> [HarvestRecord] {
        let task = source.task
        guard let example = task.examples.first, let prompt = try ChannelPrompts.program(for: task) else { return [] }
        var records = [record(
            view: "program", prompt: prompt, answer: AssistantTurn.program(python), answerHash: programHash,
            pipeline: source.program.pipelineText, example: example, check: example)]
        // The other visible examples and the reproduced hidden answers are verified pairs the
        // channel could ask a direct answer about, the first example shown.
        for pair in task.examples.dropFirst() + trial.verifiedAnswers {
            guard let direct = try ChannelPrompts.direct(example: example, query: pair.input) else { continue }
            let answer = AssistantTurn.direct(pair.output)
            records.append(record(view: "direct", prompt: direct, answer: answer, answerHash: SHA256.hex(answer), pipeline: "", example: example, check: pair))
        }
        return records
    }

    private func record(
        view: String, prompt: String, answer: String, answerHash: String, pipeline: String, example: Example<Table>, check: Example<Table>
    ) -> HarvestRecord {
        let meta = HarvestMeta(
            taskID: source.task.id, domain: source.task.domain, family: source.family, split: "", round: source.round,
            origin: source.origin, model: source.model, view: view,
            verifier: trial.checksPassed == trial.checksTotal ? "pass" : "pass-visible",
            checksPassed: trial.checksPassed, checksTotal: trial.checksTotal,
            promptSHA256: SHA256.hex(prompt), programSHA256: answerHash, pipeline: pipeline,
            exampleInput: TableJSON.encode(example.input), exampleOutput: TableJSON.encode(example.output),
            checkInput: TableJSON.encode(check.input), checkOutput: TableJSON.encode(check.output),
            run: source.run, created: created)
        return HarvestRecord(messages: [HarvestMessage(role: "user", content: prompt), HarvestMessage(role: "assistant", content: answer)], meta: meta)
    }
}
