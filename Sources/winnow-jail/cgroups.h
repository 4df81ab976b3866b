/* cgroup v1 memory and pids limits for the whole jail (zygote and jobs), made and removed by the launcher. */
#ifndef WINNOW_JAIL_CGROUPS_H
#define WINNOW_JAIL_CGROUPS_H

#include <stdbool.h>
#include <sys/types.h>

#include "options.h"
#include "report.h"

struct jail_cgroups {
    char memory_path[192]; /* empty when the memory group was not made */
    char pids_path[192];
};

/* Makes the groups named after the launcher's pid and records the two layers. */
void jail_cgroups_create(struct jail_cgroups *groups, const struct jail_options *options, struct jail_report *report);

/* Moves a process into the groups made; a failure turns the layer off in the report. */
void jail_cgroups_enter(struct jail_cgroups *groups, pid_t pid, struct jail_report *report);

/* Removes the groups once no process is left in them (retrying while the kernel finishes the exit). */
void jail_cgroups_remove(const struct jail_cgroups *groups);

#endif
