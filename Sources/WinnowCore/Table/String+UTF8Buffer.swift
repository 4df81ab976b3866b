extension String {
    /// A string of the UTF-8 bytes `write` puts in a buffer of `capacity` bytes (it returns how many
    /// it wrote; invalid UTF-8 is repaired, as `String(decoding:as:)` does).
    ///
    /// For the hot loops that build cells byte by byte (`--apply` runs them on every row):
    /// `String(unsafeUninitializedCapacity:initializingUTF8With:)` validates through an unspecialised
    /// generic that looks up type metadata on every call, which was a tenth of a cell program's time;
    /// decoding a buffer of bytes takes the standard library's specialised path.
    public static func utf8(capacity: Int, _ write: (UnsafeMutableBufferPointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let count = write(buffer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
        }
    }
}
