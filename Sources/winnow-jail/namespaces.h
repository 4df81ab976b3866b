/* Starting the jail's first process in new namespaces, and giving it an identity there. */
#ifndef WINNOW_JAIL_NAMESPACES_H
#define WINNOW_JAIL_NAMESPACES_H

#include <sys/types.h>

#include "options.h"
#include "report.h"

/* Like fork(), but the child starts in the requested namespaces. Namespaces the kernel refuses are
 * found one by one, reported inactive, and left out; the child is started in the rest. Returns -1
 * only when even a plain fork fails. *applied receives the flags the child really got. */
pid_t jail_clone(const struct jail_options *options, int *applied, struct jail_report *report);

/* Called by the parent: maps uid/gid 0 inside the child's user namespace to the profile's
 * unprivileged uid/gid outside, so nothing in the jail is root on the host. */
void jail_write_id_maps(pid_t child, const struct jail_options *options, struct jail_report *report);

/* Called in the child after setup: ends with no capabilities, no way to regain them on exec, and
 * (without a user namespace) the profile's unprivileged uid/gid. */
void jail_drop_privileges(const struct jail_options *options, int applied, struct jail_report *report);

#endif
