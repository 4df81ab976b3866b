/* The jail's view of the file system: a new root holding only read-only copies of the listed host
 * paths, /dev/null, and a private size-limited /tmp. Nothing else of the host is reachable. */
#ifndef WINNOW_JAIL_FILESYSTEM_H
#define WINNOW_JAIL_FILESYSTEM_H

#include "options.h"
#include "report.h"

/* Runs in the child, inside its new mount namespace. Records the "mount-namespace" layer. */
void jail_build_root(const struct jail_options *options, int applied, struct jail_report *report);

#endif
