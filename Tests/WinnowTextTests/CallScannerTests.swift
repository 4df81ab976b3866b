import Testing
@testable import WinnowText

@Suite struct CallScannerTests {
    @Test func readsNestedCallsWithLabelsNumbersStringsAndWords() throws {
        let call = try CallScanner.call("format(number(column: 0), style(decimals: 2, thousands: \",\"), -1.5, mdy, \"a\\\"b\\\\\\n\")")
        #expect(call.name == "format")
        #expect(call.arguments.count == 5)
        #expect(call.arguments[0].value == .call(Call(name: "number", arguments: [CallArgument(label: "column", value: .number("0"))])))
        #expect(call.arguments[2].value == .number("-1.5"))
        #expect(call.arguments[3].value == .word("mdy"))
        #expect(call.arguments[4].value == .text("a\"b\\\n"))
    }

    @Test func readsExponentsAsSwiftPrintsDoubles() throws {
        let call = try CallScanner.call("f(1e-05, -1.5E+20)")
        #expect(call.arguments.map(\.value) == [.number("1e-05"), .number("-1.5E+20")])
        #expect(try call.arguments[0].value.double() == 1e-05)
        #expect(try call.arguments[1].value.double() == -1.5e20)
        #expect(throws: CallSyntaxError.self) { try CallScanner.call("f(2e)") }
    }

    @Test func printsWhatItReads() throws {
        let text = "date(column: 2, read: dates(order: mdy, pivot: 50), write: pattern(text: \"{D}\\t\"))"
        #expect(try CallScanner.call(text).description == text)
    }

    @Test func rejectsMalformedText() {
        for text in ["", "f(", "f(a: )", "f(1 2)", "f(\"x)", "f(\"\\q\")", "f() g", "42", "f(a: 1,)"] {
            #expect(throws: CallSyntaxError.self, "\(text)") { try CallScanner.call(text) }
        }
    }
}
