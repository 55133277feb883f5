import Testing
@testable import VerdictKit

@Suite struct InputLimitsTests {
    @Test func byteCountsAsPeopleWriteThem() {
        #expect(InputLimits.parseByteCount("1024") == 1024)
        #expect(InputLimits.parseByteCount("500MB") == 500 << 20)
        #expect(InputLimits.parseByteCount("4GB") == 4 << 30)
        #expect(InputLimits.parseByteCount("4 GiB") == 4 << 30)
        #expect(InputLimits.parseByteCount("64k") == 64 << 10)
        #expect(InputLimits.parseByteCount("0") == nil)
        #expect(InputLimits.parseByteCount("lots") == nil)
        #expect(InputLimits.parseByteCount("5PB") == nil)
        #expect(InputLimits.parseByteCount("99999999999TB") == nil)
    }

    @Test func sizesInMessages() {
        #expect(InputLimits.describe(1) == "1 byte")
        #expect(InputLimits.describe(812) == "812 bytes")
        #expect(InputLimits.describe(4 << 30) == "4 GiB (4294967296 bytes)")
        #expect(InputLimits.describe(45331) == "44.3 KiB (45331 bytes)")
    }
}
