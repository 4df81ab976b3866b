import Testing

/// Hostile programs against the seccomp jail, one nested suite per kind of attack.
///
/// Every test asserts the exact verdict the attack earns (as observed on this machine: where it
/// differs from what one would guess, a comment says so) and that the host came to no harm: the
/// pool still answers a normal job, its processes are back to launcher + zygote + spare with no
/// zombie and no zygote replaced, nothing appeared on the host's filesystem, and (through
/// `JailFixtures.withPool`) no process or cgroup is left after shutdown.
///
/// Serialized as a whole: each test starts its own jails, and running them side by side would
/// overload the machine and turn wall-clock verdicts into noise.
@Suite(.serialized) struct AdversarialTests {}
