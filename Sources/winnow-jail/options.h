/* The launcher's configuration, parsed from its command line (the host builds it from a profile). */
#ifndef WINNOW_JAIL_OPTIONS_H
#define WINNOW_JAIL_OPTIONS_H

#include <stdbool.h>
#include <sys/types.h>

#define JAIL_MAX_LIST 128

struct jail_list {
    const char *items[JAIL_MAX_LIST];
    int count;
};

struct jail_options {
    int namespace_flags;          /* CLONE_NEW* flags requested */
    uid_t uid;                    /* identity the jail runs as (inside and, with a user namespace, outside) */
    gid_t gid;
    struct jail_list read_only;   /* host paths visible read-only in the jail's root */
    unsigned long long tmpfs_bytes;
    unsigned long long cgroup_memory_bytes; /* 0: no memory cgroup */
    unsigned long long cgroup_pids;         /* 0: no pids cgroup */
    struct jail_list zygote_deny; /* syscalls the zygote may never make */
    struct jail_list job_allow;   /* the only syscalls a job may make */
    struct jail_list job_refuse;  /* syscalls a job may attempt but that fail with EACCES */
    bool job_exec_memory;         /* may a job map executable memory */
    struct jail_list required;    /* layer names that must be active, or the jail does not start */
    struct jail_list environment; /* KEY=VALUE, the interpreter's whole environment */
    char *const *command;         /* interpreter and its arguments */
};

/* Parses argv; on a usage error prints one line to stderr and returns false. */
bool jail_parse_options(int argc, char **argv, struct jail_options *options);

#endif
