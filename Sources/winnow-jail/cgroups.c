#define _GNU_SOURCE
#include "cgroups.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One controller: the v1 hierarchy must be mounted, then a group is made and limited. */
static void create_one(const char *controller, const char *limit_file, unsigned long long limit,
                       const char *layer, char *path, size_t path_size, struct jail_report *report) {
    path[0] = '\0';
    if (limit == 0) {
        jail_report_layer(report, layer, false, "off in the profile");
        return;
    }
    char root[64];
    snprintf(root, sizeof root, "/sys/fs/cgroup/%s", controller);
    char probe[160];
    snprintf(probe, sizeof probe, "%s/cgroup.procs", root);
    if (access(probe, W_OK) != 0) {
        jail_report_layer(report, layer, false, "no writable cgroup v1 %s hierarchy at %s", controller, root);
        return;
    }
    snprintf(path, path_size, "%s/winnow-jail-%d", root, (int)getpid());
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        jail_report_layer(report, layer, false, "mkdir %s: %s", path, strerror(errno));
        path[0] = '\0';
        return;
    }
    char value[32];
    snprintf(value, sizeof value, "%llu", limit);
    if (!jail_write_text(path, limit_file, value)) {
        jail_report_layer(report, layer, false, "writing %s: %s", limit_file, strerror(errno));
        rmdir(path);
        path[0] = '\0';
        return;
    }
    jail_report_layer(report, layer, true, "%s = %llu in %s", limit_file, limit, path);
}

void jail_cgroups_create(struct jail_cgroups *groups, const struct jail_options *options, struct jail_report *report) {
    create_one("memory", "memory.limit_in_bytes", options->cgroup_memory_bytes, "cgroup-memory",
               groups->memory_path, sizeof groups->memory_path, report);
    create_one("pids", "pids.max", options->cgroup_pids, "cgroup-pids",
               groups->pids_path, sizeof groups->pids_path, report);
}

static void enter_one(char *path, pid_t pid, const char *layer, struct jail_report *report) {
    if (path[0] == '\0') return;
    char value[32];
    snprintf(value, sizeof value, "%d", (int)pid);
    if (jail_write_text(path, "cgroup.procs", value)) return;
    for (int i = 0; i < report->count; i++) {
        if (strcmp(report->layers[i].name, layer) == 0) {
            report->layers[i].active = false;
            snprintf(report->layers[i].detail, sizeof report->layers[i].detail, "joining %s: %s", path, strerror(errno));
        }
    }
}

void jail_cgroups_enter(struct jail_cgroups *groups, pid_t pid, struct jail_report *report) {
    enter_one(groups->memory_path, pid, "cgroup-memory", report);
    enter_one(groups->pids_path, pid, "cgroup-pids", report);
}

static void remove_one(const char *path) {
    if (path[0] == '\0') return;
    for (int attempt = 0; attempt < 200; attempt++) {
        if (rmdir(path) == 0 || errno == ENOENT) return;
        if (errno != EBUSY) break;
        struct timespec pause = {0, 1000000};
        nanosleep(&pause, NULL);
    }
    fprintf(stderr, "winnow-jail: could not remove %s: %s\n", path, strerror(errno));
}

void jail_cgroups_remove(const struct jail_cgroups *groups) {
    remove_one(groups->memory_path);
    remove_one(groups->pids_path);
}
