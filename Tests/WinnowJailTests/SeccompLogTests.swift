import Testing
@testable import WinnowJail

/// Parsing the kernel's seccomp audit records, and libseccomp's syscall names.
@Suite struct SeccompLogTests {
    /// A record as `/dev/kmsg` gives it: the printk prefix, then "audit: type=1326 …".
    static let kmsg = #"6,2841,123456789,-;audit: type=1326 audit(1732250000.123:4711): auid=4294967295 uid=65534 gid=65534 ses=4294967295 subj=unconfined pid=31337 comm="w12345600000001" exe="/usr/bin/python3.11" sig=31 arch=c000003e syscall=41 compat=0 ip=0x7f3a1c2b9e3d code=0x80000000"#

    /// A record as the audit netlink socket gives it (after SeccompLog puts "type=1326 " in front).
    static let netlink = #"type=1326 audit(1732250000.456:4712): auid=4294967295 uid=65534 gid=65534 ses=4294967295 subj=unconfined pid=31338 comm="w1a2b3c0000002a" exe="/usr/bin/python3.11" sig=31 arch=c000003e syscall=102 compat=0 ip=0x7f3a1c2b9e3d code=0x80000000"#

    @Test func kernelLogRecord() throws {
        let (comm, number) = try #require(SeccompLog.parse(Self.kmsg))
        #expect(comm == "w12345600000001")
        #expect(number == 41)
    }

    @Test func netlinkRecord() throws {
        let (comm, number) = try #require(SeccompLog.parse(Self.netlink))
        #expect(comm == "w1a2b3c0000002a")
        #expect(number == 102)
    }

    @Test func recordWithoutThePrefixAsTheAuditDaemonLogsIt() throws {
        let line = String(Self.kmsg[try #require(Self.kmsg.range(of: "type=")).lowerBound...])  // "type=1326 audit(…): …"
        #expect(line.hasPrefix("type=1326"))
        let (comm, number) = try #require(SeccompLog.parse(line))
        #expect(comm == "w12345600000001")
        #expect(number == 41)
    }

    @Test func syscallAsTheLastFieldAndTrailingNewline() throws {
        let last = #"audit: type=1326 audit(1.2:3): pid=9 comm="wabcdef00000003" sig=31 arch=c000003e syscall=231"#
        #expect(try #require(SeccompLog.parse(last)).1 == 231)
        let newline = #"audit: type=1326 audit(1.2:3): pid=9 comm="wabcdef00000003" sig=31 arch=c000003e syscall=59"# + "\n"
        #expect(try #require(SeccompLog.parse(newline)).1 == 59)
        #expect(try #require(SeccompLog.parse(newline)).0 == "wabcdef00000003")
    }

    @Test func nonSeccompRecordsAreIgnored() {
        // An ordinary syscall audit record carries comm= and syscall= too.
        let syscallRecord = #"audit: type=1300 audit(1732250000.1:99): arch=c000003e syscall=59 success=yes exit=0 a0=55 a1=56 items=2 ppid=1 pid=31337 auid=0 uid=0 gid=0 comm="w12345600000001" exe="/usr/bin/python3.11" key=(null)"#
        #expect(SeccompLog.parse(syscallRecord) == nil)
        #expect(SeccompLog.parse(#"audit: type=1400 audit(1.2:3): apparmor="DENIED" operation="open" comm="python3" syscall=2"#) == nil)
        #expect(SeccompLog.parse("6,100,200,-;EXT4-fs (sda1): mounted filesystem") == nil)
        #expect(SeccompLog.parse("") == nil)
    }

    @Test func incompleteSeccompRecordsAreIgnored() {
        #expect(SeccompLog.parse(#"audit: type=1326 audit(1.2:3): pid=9 sig=31 arch=c000003e syscall=41 compat=0"#) == nil)
        #expect(SeccompLog.parse(#"audit: type=1326 audit(1.2:3): pid=9 comm="wabc" sig=31 arch=c000003e compat=0"#) == nil)
        #expect(SeccompLog.parse(#"audit: type=1326 audit(1.2:3): pid=9 comm="wabc" sig=31 arch=c000003e syscall=xyz compat=0"#) == nil)
    }

    @Test func syscallNames() {
        #if arch(x86_64)
        #expect(SyscallTable.name(of: 41) == "socket")
        #expect(SyscallTable.name(of: 102) == "getuid")
        #expect(SyscallTable.number(of: "openat") == 257)
        #endif
        for name in ["openat", "read", "write", "socket", "getuid", "clone", "execve", "exit_group"] {
            let number = SyscallTable.number(of: name)
            #expect(number != nil, "\(name)")
            #expect(number.flatMap(SyscallTable.name(of:)) == name)
        }
    }

    @Test func unknownSyscallNames() {
        #expect(SyscallTable.number(of: "opennat") == nil)
        #expect(SyscallTable.number(of: "") == nil)
        #expect(SyscallTable.number(of: "not_a_syscall") == nil)
        #expect(SyscallTable.name(of: 99_999) == nil)
    }
}
