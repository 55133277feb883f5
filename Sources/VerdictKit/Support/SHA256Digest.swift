import Crypto
import Foundation

/// SHA-256 as lowercase hex: how records name inputs and policies.
public enum SHA256Digest {
    public static func hex(of data: Data) -> String {
        hexString(SHA256.hash(data: data))
    }

    public static func hex(of text: String) -> String {
        hex(of: Data(text.utf8))
    }

    static func hexString(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
