#define _GNU_SOURCE
#include "namespaces.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct { int flag; const char *layer; } namespaces[] = {
    {CLONE_NEWUSER, "user-namespace"}, {CLONE_NEWPID, "pid-namespace"}, {CLONE_NEWNET, "net-namespace"},
    {CLONE_NEWIPC, "ipc-namespace"}, {CLONE_NEWUTS, "uts-namespace"}, {CLONE_NEWNS, "mount-namespace"},
};

static pid_t clone_with(int flags) {
    return (pid_t)syscall(SYS_clone, (unsigned long)(flags | SIGCHLD), 0UL, 0UL, 0UL, 0UL);
}

/* Whether a throwaway child can make one namespace (inside a new user namespace when one is asked for). */
static int probe(int flag, int base) {
    pid_t pid = fork();
    if (pid < 0) return errno;
    if (pid == 0) _exit(unshare(base | flag) == 0 ? 0 : (errno & 0x7f));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
}

pid_t jail_clone(const struct jail_options *options, int *applied, struct jail_report *report) {
    int wanted = options->namespace_flags;
    pid_t pid = clone_with(wanted);
    int refused = 0;
    if (pid < 0) {
        int base = (wanted & CLONE_NEWUSER) && probe(CLONE_NEWUSER, 0) == 0 ? CLONE_NEWUSER : 0;
        for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
            int flag = namespaces[i].flag;
            if (!(wanted & flag)) continue;
            int error = probe(flag, flag == CLONE_NEWUSER ? 0 : base);
            if (error != 0) {
                refused |= flag;
                jail_report_layer(report, namespaces[i].layer, false, "refused by the kernel: %s", strerror(error));
            }
        }
        pid = clone_with(wanted & ~refused);
        if (pid < 0) {
            refused = wanted;
            pid = fork();
        }
    }
    if (pid != 0) {
        *applied = pid > 0 ? wanted & ~refused : 0;
        for (size_t i = 0; pid > 0 && i < sizeof namespaces / sizeof namespaces[0]; i++) {
            int flag = namespaces[i].flag;
            if (!(wanted & flag)) jail_report_layer(report, namespaces[i].layer, false, "off in the profile");
            else if (!(refused & flag) && flag != CLONE_NEWUSER && flag != CLONE_NEWNS)
                jail_report_layer(report, namespaces[i].layer, true, "new namespace");
        }
    }
    return pid;
}

void jail_write_id_maps(pid_t child, const struct jail_options *options, struct jail_report *report) {
    /* Only root may map the jail to another user; anyone else maps it to themselves. */
    bool root = geteuid() == 0;
    unsigned uid = root ? (unsigned)options->uid : (unsigned)geteuid();
    unsigned gid = root ? (unsigned)options->gid : (unsigned)getegid();
    char folder[32], uid_map[64], gid_map[64];
    snprintf(folder, sizeof folder, "/proc/%d", (int)child);
    snprintf(uid_map, sizeof uid_map, "0 %u 1\n", uid);
    snprintf(gid_map, sizeof gid_map, "0 %u 1\n", gid);
    if (!jail_write_text(folder, "setgroups", "deny") || !jail_write_text(folder, "uid_map", uid_map) ||
        !jail_write_text(folder, "gid_map", gid_map)) {
        jail_report_layer(report, "user-namespace", false, "writing the id maps: %s", strerror(errno));
        return;
    }
    jail_report_layer(report, "user-namespace", true, "uid/gid 0 inside is %u/%u outside%s", uid, gid,
                      root ? "" : " (not started as root, so not the profile's unprivileged uid)");
}

/* Needs CAP_SETPCAP, so it runs before any identity change. */
static void drop_bounding_set(void) {
    for (int cap = 0; cap <= 63; cap++) {
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 && errno == EINVAL) break;
    }
    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
}

static bool clear_capabilities(void) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return syscall(SYS_capset, &header, data) == 0;
}

void jail_drop_privileges(const struct jail_options *options, int applied, struct jail_report *report) {
    drop_bounding_set();
    if (applied & CLONE_NEWUSER) {
        /* Only uid 0 is mapped, so the jail stays uid 0 inside (nobody outside) and gives up root's
         * powers instead: no capability now, and none regained by the exec that follows. */
        int bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP |
                   SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED;
        if (prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0 || !clear_capabilities()) {
            jail_report_layer(report, "unprivileged", false, "dropping capabilities: %s", strerror(errno));
            return;
        }
        jail_report_layer(report, "unprivileged", true, "no capabilities, none regained on exec (see user-namespace for the uid outside)");
        return;
    }
    gid_t groups[1] = {options->gid};
    if (setgroups(1, groups) != 0 || setresgid(options->gid, options->gid, options->gid) != 0 ||
        setresuid(options->uid, options->uid, options->uid) != 0 || !clear_capabilities()) {
        jail_report_layer(report, "unprivileged", false, "switching to uid %u: %s", (unsigned)options->uid, strerror(errno));
        return;
    }
    jail_report_layer(report, "unprivileged", true, "no capabilities; uid %u", (unsigned)options->uid);
}
