/* libseccomp for Swift: the host resolves syscall names (profile checks, SIGSYS reports) with the
 * same table the launcher compiles its filters from. */
#include <seccomp.h>
