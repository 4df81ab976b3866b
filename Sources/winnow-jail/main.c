/*
 * winnow-jail: starts one jailed interpreter (the zygote) for the Winnow host.
 *
 * The host posix_spawns this program; it never forks itself. Single-threaded, this launcher
 *   1. makes the jail's cgroups (memory, pids) while it is still root,
 *   2. clones the zygote into new user, pid, net, ipc, uts and mount namespaces and maps its
 *      identity to an unprivileged uid, then waits for it and removes the cgroups when it exits;
 * while the clone, inside,
 *   3. builds a read-only root with a private /tmp, drops every capability, sets no_new_privs,
 *   4. compiles the job allowlist to BPF (fd 3 for the zygote), installs its own denylist filter,
 *   5. writes the layer report to stdout as its first frame, and execs the interpreter.
 * Layers the machine refuses are reported inactive, never skipped silently; a layer the profile
 * requires stops the start instead.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroups.h"
#include "filesystem.h"
#include "filters.h"
#include "namespaces.h"
#include "options.h"
#include "report.h"

enum { EXIT_USAGE = 64, EXIT_SETUP = 71, EXIT_EXEC = 127, JOB_FILTER_FD = 3 };

/* What the parent hands the clone once its side of the setup is done. */
struct handover {
    struct jail_report report;
    int applied;
};

static bool read_all(int fd, void *buffer, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = read(fd, (char *)buffer + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += (size_t)n;
    }
    return true;
}

static bool write_all(int fd, const void *buffer, size_t size) {
    size_t done = 0;
    while (done < size) {
        ssize_t n = write(fd, (const char *)buffer + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += (size_t)n;
    }
    return true;
}

/* Reports the failure as the jail's only frame, then exits. */
static void fail(struct jail_report *report) {
    jail_report_write(report, STDOUT_FILENO);
    _exit(EXIT_SETUP);
}

/* The clone: finishes the jail from inside and becomes the interpreter. */
static void run_zygote(const struct jail_options *options, int handover_fd) {
    struct handover handover;
    if (!read_all(handover_fd, &handover, sizeof handover)) _exit(EXIT_SETUP);
    close(handover_fd);
    struct jail_report *report = &handover.report;
    int applied = handover.applied;
    if (report->error[0]) fail(report);

    if (applied & CLONE_NEWUSER) {
        /* Become the mapped uid 0 so files can be made on the jail's own tmpfs. */
        if (setresgid(0, 0, 0) != 0 || setresuid(0, 0, 0) != 0) {
            jail_report_fail(report, "taking the mapped identity: %s", strerror(errno));
            fail(report);
        }
    }
    if ((applied & CLONE_NEWUTS) && sethostname("winnow-jail", 11) != 0) {
        jail_report_fail(report, "sethostname: %s", strerror(errno));
        fail(report);
    }
    jail_build_root(options, applied, report);

    int filter_fd = jail_export_job_filter(options, report);
    jail_drop_privileges(options, applied, report);
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1) {
        jail_report_layer(report, "no-new-privs", true, "set before exec; inherited by every job");
    } else {
        jail_report_layer(report, "no-new-privs", false, "prctl: %s", strerror(errno));
    }
    if (filter_fd >= 0 && filter_fd != JOB_FILTER_FD) {
        if (dup2(filter_fd, JOB_FILTER_FD) < 0) {
            jail_report_fail(report, "dup2 of the job filter: %s", strerror(errno));
            fail(report);
        }
        close(filter_fd);
    }

    /* A fixed address-space layout makes id() and every other address-derived value the same in
     * every zygote, so a verdict reproduces across pools. Randomisation would defend nothing here:
     * a job is assumed to run arbitrary code in its process already. */
    personality(PER_LINUX | ADDR_NO_RANDOMIZE);
    const char *exec_path = options->command[0];
    jail_load_zygote_filter(options, exec_path, report);
    if (!jail_report_check_required(report, options->required.items, options->required.count)) fail(report);
    if (!jail_report_write(report, STDOUT_FILENO)) _exit(EXIT_SETUP);

    /* Set last: changing credentials above would have cleared it. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    char *environment[JAIL_MAX_LIST + 1];
    for (int i = 0; i < options->environment.count; i++) environment[i] = (char *)options->environment.items[i];
    environment[options->environment.count] = NULL;
    execve(exec_path, options->command, environment);
    fprintf(stderr, "winnow-jail: cannot start %s: %s\n", exec_path, strerror(errno));
    _exit(EXIT_EXEC);
}

int main(int argc, char **argv) {
    struct jail_options options;
    if (!jail_parse_options(argc, argv, &options)) return EXIT_USAGE;
    /* Nothing the host forgot to mark close-on-exec reaches the jail. */
    close_range(3, ~0U, 0);
    signal(SIGPIPE, SIG_IGN);

    struct handover handover;
    memset(&handover, 0, sizeof handover);
    struct jail_cgroups groups;
    jail_cgroups_create(&groups, &options, &handover.report);

    int channel[2];
    if (pipe2(channel, O_CLOEXEC) != 0) {
        perror("winnow-jail: pipe");
        jail_cgroups_remove(&groups);
        return EXIT_SETUP;
    }
    pid_t child = jail_clone(&options, &handover.applied, &handover.report);
    if (child == 0) {
        close(channel[1]);
        run_zygote(&options, channel[0]);
    }
    close(channel[0]);
    if (child < 0) {
        jail_report_fail(&handover.report, "cannot start the jail's process: %s", strerror(errno));
        jail_report_write(&handover.report, STDOUT_FILENO);
        jail_cgroups_remove(&groups);
        return EXIT_SETUP;
    }
    if (handover.applied & CLONE_NEWUSER) jail_write_id_maps(child, &options, &handover.report);
    jail_cgroups_enter(&groups, child, &handover.report);
    write_all(channel[1], &handover, sizeof handover);
    close(channel[1]);

    /* The parent keeps no end of the host's channel, so the host sees EOF when the zygote exits. */
    int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null_fd >= 0) {
        dup2(null_fd, STDIN_FILENO);
        dup2(null_fd, STDOUT_FILENO);
        close(null_fd);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
    jail_cgroups_remove(&groups);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return WEXITSTATUS(status);
}
