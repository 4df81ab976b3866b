/* The two seccomp filters: a denylist for the zygote, and the strict allowlist every job runs under. */
#ifndef WINNOW_JAIL_FILTERS_H
#define WINNOW_JAIL_FILTERS_H

#include "options.h"
#include "report.h"

/* Compiles the job allowlist once (default action: kill the process; the refused syscalls fail with
 * EACCES instead, for calls the interpreter itself makes on ordinary paths) and returns a memfd holding
 * the BPF program, for the zygote to install in each child with one system call; -1 on failure. */
int jail_export_job_filter(const struct jail_options *options, struct jail_report *report);

/* Installs the zygote's own filter: every listed syscall kills, clone3 fails with ENOSYS (its flags
 * live in memory and cannot be checked) so the C library falls back to clone, clone may not make
 * namespaces, and execve is allowed only for the interpreter about to be started (the pointer
 * `exec_path` itself), so the zygote can never exec anything afterwards. */
bool jail_load_zygote_filter(const struct jail_options *options, const char *exec_path, struct jail_report *report);

#endif
