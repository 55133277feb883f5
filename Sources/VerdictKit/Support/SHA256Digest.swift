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

    /// Whether `text` is how records and archives name content: exactly 64 lowercase hex digits.
    ///
    /// Anything else (upper case, a shorter prefix, `../`, a slash) is refused wherever a
    /// digest names an object, so that a name can never become a path outside the archive.
    public static func isValid(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// SHA-256 over bytes that arrive in pieces (an archive object as it is decompressed).
    public struct Streaming {
        var hasher = SHA256()

        public init() {}

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            hasher.update(bufferPointer: bytes)
        }

        /// The digest as lowercase hex.
        public func finalize() -> String {
            SHA256Digest.hexString(hasher.finalize())
        }
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
