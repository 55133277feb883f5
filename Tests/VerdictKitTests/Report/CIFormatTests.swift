import Testing
@testable import VerdictKit

@Suite struct CIFormatTests {
    @Test func githubEscapesDataAndProperties() {
        #expect(GitHubAnnotations.escapeData("100%\r\nnext: a,b") == "100%25%0D%0Anext: a,b")
        #expect(GitHubAnnotations.escapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
        #expect(GitHubAnnotations.escapeData("x ##[set-output]\u{1B}[31m") == "x #\\u{23}[set-output]\\u{1B}[31m")
    }

    @Test func githubOutputsUseTheHeredocFormForMultiLineValues() {
        #expect(GitHubOutputs.line("a", "b") == "a=b\n")
        #expect(GitHubOutputs.line("a", "x\nVERDICT_EOF") == "a<<VERDICT_EOF_1\nx\nVERDICT_EOF\nVERDICT_EOF_1\n")
        #expect(GitHubOutputs.outputName("infra risk/prod") == "infra_risk_prod")
    }

    @Test func junitEscapesAndDropsCharactersXMLCannotHold() {
        #expect(JUnitReport.escape("a<b>&\"'\u{1}\u{1B}c\n") == "a&lt;b&gt;&amp;&quot;&apos;c\n")
    }
}
