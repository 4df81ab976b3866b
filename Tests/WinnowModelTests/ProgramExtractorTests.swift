import Testing
@testable import WinnowModel

/// Outputs shaped like what 4B-class models write when asked for `transform(table)`, and the program
/// (or outcome) each must give. The first candidate is what the verifier runs first.
struct ProgramExtractorTests {
    static let body = "def transform(table):\n    return [row[::-1] for row in table]"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var output: String
        /// The first candidate's source, or nil when the outcome is not a candidate list.
        var first: String?
        var candidates: Int = 1
        var outcome: String = "candidates"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "one python block with prose around it",
             output: "Here is the function:\n\n```python\n\(body)\n```\n\nIt reverses each row.", first: body),
        Case(name: "untagged fence", output: "```\n\(body)\n```", first: body),
        Case(name: "fence tagged py", output: "```py\n\(body)\n```", first: body),
        Case(name: "fence tagged Python3 in capitals", output: "```Python3\n\(body)\n```", first: body),
        Case(name: "tilde fence", output: "~~~python\n\(body)\n~~~", first: body),
        Case(name: "CRLF line endings", output: "```python\r\n\(body.replacingOccurrences(of: "\n", with: "\r\n"))\r\n```\r\n", first: body),
        Case(name: "byte-order mark before the fence", output: "\u{FEFF}```python\n\(body)\n```", first: body),
        Case(name: "think block before the answer",
             output: "<think>\nThe user wants rows reversed. Maybe:\n```python\ndef transform(t): pass\n```\n</think>\n\n```python\n\(body)\n```",
             first: body),
        Case(name: "empty think block (thinking switched off)", output: "<think>\n\n</think>\n\n```python\n\(body)\n```", first: body),
        Case(name: "unclosed think block", output: "<think>\nLet me consider the table. First the header", first: nil, outcome: "truncatedInThink"),
        Case(name: "closing think tag only (reasoning parser kept half)", output: "reasoning…\n</think>\n```python\n\(body)\n```", first: body),
        Case(name: "wrong attempt then a corrected block: the later one first",
             output: "```python\ndef transform(table):\n    return table\n```\nWait, that is wrong. Corrected:\n```python\n\(body)\n```",
             first: body, candidates: 2),
        Case(name: "python block plus sample output and a shell block",
             output: "```python\n\(body)\n```\nOutput:\n```text\n[['b', 'a']]\n```\n```bash\npython3 t.py\n```", first: body),
        Case(name: "helper in one block, transform in the next: joined first",
             output: "```python\ndef flip(row):\n    return row[::-1]\n```\nThen:\n```python\ndef transform(table):\n    return [flip(r) for r in table]\n```",
             first: "def flip(row):\n    return row[::-1]\n\ndef transform(table):\n    return [flip(r) for r in table]", candidates: 2),
        Case(name: "import in one block, used in the next: joined first",
             output: "```python\nimport re\n```\n```python\ndef transform(table):\n    return [[re.sub('a', 'b', c) for c in r] for r in table]\n```",
             first: "import re\n\ndef transform(table):\n    return [[re.sub('a', 'b', c) for c in r] for r in table]", candidates: 2),
        Case(name: "unclosed fence at the end (token limit)",
             output: "```python\ndef transform(table):\n    out = []\n    for row in table:", first: "def transform(table):\n    out = []\n    for row in table:"),
        Case(name: "four-backtick fence holding a ``` string",
             output: "````python\ndef transform(table):\n    return [[c.replace('```', '') for c in r] for r in table]\n````",
             first: "def transform(table):\n    return [[c.replace('```', '') for c in r] for r in table]"),
        Case(name: "fence inside a list item",
             output: "1. Define the function:\n   ```python\n   def transform(table):\n       return table[1:]\n   ```\n2. Done.",
             first: "def transform(table):\n    return table[1:]"),
        Case(name: "raw code without fences", output: body, first: body),
        Case(name: "prose, then code, then prose, no fences",
             output: "Sure! Here's the code:\nimport re\ndef transform(table):\n    return table\nThis keeps the table unchanged.",
             first: "import re\ndef transform(table):\n    return table"),
        Case(name: "code with a main guard reading stdin",
             output: "```python\nimport json, sys\n\(body)\n\nif __name__ == \"__main__\":\n    print(json.dumps(transform(json.load(sys.stdin))))\n```",
             first: "import json, sys\n\(body)\n\nif __name__ == \"__main__\":\n    print(json.dumps(transform(json.load(sys.stdin))))"),
        Case(name: "type hints in the signature",
             output: "```python\ndef transform(table: list[list[str]]) -> list[list[str]]:\n    return table\n```",
             first: "def transform(table: list[list[str]]) -> list[list[str]]:\n    return table"),
        Case(name: "non-ASCII strings and tabs",
             output: "```python\ndef transform(table):\n\treturn [[c.replace('é', 'e') for c in r] for r in table]\n```",
             first: "def transform(table):\n\treturn [[c.replace('é', 'e') for c in r] for r in table]"),
        Case(name: "two blocks both defining transform", output: "```python\ndef transform(t):\n    return t\n```\n```python\n\(body)\n```", first: body, candidates: 2),
        Case(name: "empty output", output: "", first: nil, outcome: "noProgram"),
        Case(name: "whitespace only", output: "  \n\n\t", first: nil, outcome: "noProgram"),
        Case(name: "a refusal", output: "I'm sorry, but I can't help with that.", first: nil, outcome: "noProgram"),
        Case(name: "code that defines another function name", output: "```python\ndef solve(table):\n    return table\n```", first: nil, outcome: "noProgram"),
        Case(name: "only a JSON answer", output: "```json\n[[\"a\", \"b\"]]\n```", first: nil, outcome: "noProgram"),
        Case(name: "inline code is not a fence", output: "Use ```transform``` like this:\n\(body)", first: body),
        Case(name: "lambda assignment is not a definition", output: "```python\ntransform = lambda t: t\n```", first: nil, outcome: "noProgram"),
    ]

    @Test(arguments: cases)
    func extractsWhatTheVerifierShouldRun(_ example: Case) {
        let parse = ProgramExtractor.extract(example.output)
        switch parse {
        case .candidates(let candidates):
            #expect(example.outcome == "candidates", "got candidates for \(example.name)")
            #expect(candidates.first?.source == example.first)
            #expect(candidates.count == example.candidates)
        case .truncatedInThink:
            #expect(example.outcome == "truncatedInThink")
        case .noProgram(let why):
            #expect(example.outcome == "noProgram", "no program: \(why)")
            #expect(!why.isEmpty)
        }
    }

    @Test func thereAreAtLeastThirtyShapes() {
        #expect(Self.cases.count >= 30)
    }

    @Test func aBlockCutOffByTheTokenLimitIsMarkedTruncated() throws {
        guard case .candidates(let candidates) = ProgramExtractor.extract("```python\ndef transform(t):\n    return") else {
            Issue.record("expected a candidate")
            return
        }
        #expect(candidates.first?.truncated == true)
        #expect(candidates.first?.origin == .fence(0))
    }

    @Test func originsSayWhichRuleFound() {
        guard case .candidates(let unfenced) = ProgramExtractor.extract(Self.body) else {
            Issue.record("expected a candidate")
            return
        }
        #expect(unfenced.map(\.origin) == [.unfenced])
        let twoBlocks = "```python\ndef helper(x):\n    return x\n```\n```python\ndef transform(t):\n    return helper(t)\n```"
        guard case .candidates(let joined) = ProgramExtractor.extract(twoBlocks) else {
            Issue.record("expected candidates")
            return
        }
        #expect(joined.map(\.origin) == [.joinedFences, .fence(1)])
    }

    @Test func theEntryNameIsAParameter() {
        guard case .candidates(let found) = ProgramExtractor.extract("```python\ndef solve(t):\n    return t\n```", entry: "solve") else {
            Issue.record("expected a candidate")
            return
        }
        #expect(found.first?.source == "def solve(t):\n    return t")
    }
}
