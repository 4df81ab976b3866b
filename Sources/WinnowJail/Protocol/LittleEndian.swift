/// The 32-bit little-endian integers every frame of the jail's protocol (and the kernel's netlink
/// headers) is built from.
enum LittleEndian {
    /// The unsigned 32-bit value at `offset` (the caller has checked four bytes are there).
    static func uint32<Bytes: RandomAccessCollection>(_ bytes: Bytes, at offset: Bytes.Index) -> UInt32
    where Bytes.Element == UInt8, Bytes.Index == Int {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
