#define _GNU_SOURCE
#include "filters.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int jail_export_job_filter(const struct jail_options *options, struct jail_report *report) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
    if (ctx == NULL) {
        jail_report_layer(report, "seccomp-job", false, "libseccomp could not start a filter");
        return -1;
    }
    int mmap_nr = seccomp_syscall_resolve_name("mmap");
    int mprotect_nr = seccomp_syscall_resolve_name("mprotect");
    int rc = 0;
    for (int i = 0; i < options->job_allow.count && rc == 0; i++) {
        const char *name = options->job_allow.items[i];
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) {
            jail_report_layer(report, "seccomp-job", false, "unknown syscall %s", name);
            seccomp_release(ctx);
            return -1;
        }
        if (!options->job_exec_memory && (nr == mmap_nr || nr == mprotect_nr)) {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
        } else {
            rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
        }
    }
    for (int i = 0; i < options->job_refuse.count && rc == 0; i++) {
        int nr = seccomp_syscall_resolve_name(options->job_refuse.items[i]);
        if (nr == __NR_SCMP_ERROR) {
            jail_report_layer(report, "seccomp-job", false, "unknown syscall %s", options->job_refuse.items[i]);
            seccomp_release(ctx);
            return -1;
        }
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0);
    }
    int fd = rc == 0 ? memfd_create("winnow-job-filter", 0) : -1;
    if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
        jail_report_layer(report, "seccomp-job", false, "compiling the job filter: %s", strerror(rc ? -rc : errno));
        seccomp_release(ctx);
        if (fd >= 0) close(fd);
        return -1;
    }
    seccomp_release(ctx);
    jail_report_layer(report, "seccomp-job", true, "%d syscalls allowed, %d refused (EACCES), all others kill the job%s",
                      options->job_allow.count, options->job_refuse.count,
                      options->job_exec_memory ? "" : "; no executable memory");
    return fd;
}

bool jail_load_zygote_filter(const struct jail_options *options, const char *exec_path, struct jail_report *report) {
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (ctx == NULL) {
        jail_report_layer(report, "seccomp-zygote", false, "libseccomp could not start a filter");
        return false;
    }
    int rc = 0;
    for (int i = 0; i < options->zygote_deny.count && rc == 0; i++) {
        int nr = seccomp_syscall_resolve_name(options->zygote_deny.items[i]);
        if (nr == __NR_SCMP_ERROR) {
            jail_report_layer(report, "seccomp-zygote", false, "unknown syscall %s", options->zygote_deny.items[i]);
            seccomp_release(ctx);
            return false;
        }
        rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, nr, 0);
    }
    static const int namespace_flags[] = {CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWIPC,
                                          CLONE_NEWUTS, CLONE_NEWNS, CLONE_NEWCGROUP};
    for (size_t i = 0; i < sizeof namespace_flags / sizeof namespace_flags[0] && rc == 0; i++) {
        scmp_datum_t flag = (scmp_datum_t)namespace_flags[i];
        rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, flag, flag));
    }
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
    if (rc == 0) rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(execveat), 0);
    if (rc == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(execve), 1,
                              SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)(uintptr_t)exec_path));
    if (rc == 0) rc = seccomp_load(ctx);
    seccomp_release(ctx);
    if (rc != 0) {
        jail_report_layer(report, "seccomp-zygote", false, "loading the zygote filter: %s", strerror(-rc));
        return false;
    }
    jail_report_layer(report, "seccomp-zygote", true, "%d syscalls denied; no new namespaces, no exec after start",
                      options->zygote_deny.count);
    return true;
}
