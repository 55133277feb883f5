/// Comparing secrets (the bearer token, CSRF tokens) without a timing side channel.
enum ConstantTime {
    /// Compares every byte whatever the first difference, so timing does not reveal a prefix.
    static func equal(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        var difference = UInt8(truncatingIfNeeded: left.count ^ right.count)
        for index in 0..<right.count { difference |= (index < left.count ? left[index] : 0) ^ right[index] }
        return difference == 0 && left.count == right.count
    }
}
