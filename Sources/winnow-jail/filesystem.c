#define _GNU_SOURCE
#include "filesystem.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/mount.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NEW_ROOT "/tmp"

static int make_parents(const char *path) {
    char copy[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", path);
    for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) return -1;
        *slash = '/';
    }
    return 0;
}

static int set_attributes(const char *path, unsigned long long set, unsigned int flags) {
    struct mount_attr attr = {.attr_set = set};
    return (int)syscall(SYS_mount_setattr, AT_FDCWD, path, flags, &attr, sizeof attr);
}

/* Makes `host` visible at the same path under the new root, read-only; a symlink is recreated as
 * a symlink (merged-/usr systems link /bin and /lib into /usr). Missing paths are skipped. */
static int expose(const char *host, char *skipped, size_t skipped_size) {
    struct stat info;
    if (lstat(host, &info) != 0) {
        size_t used = strlen(skipped);
        snprintf(skipped + used, skipped_size - used, "%s%s", used ? ", " : "", host);
        return 0;
    }
    char inside[PATH_MAX];
    snprintf(inside, sizeof inside, NEW_ROOT "%s", host);
    if (make_parents(inside) != 0) return -1;
    if (S_ISLNK(info.st_mode)) {
        char target[PATH_MAX];
        ssize_t n = readlink(host, target, sizeof target - 1);
        if (n < 0) return -1;
        target[n] = '\0';
        return symlink(target, inside);
    }
    if (S_ISDIR(info.st_mode)) {
        if (mkdir(inside, 0755) != 0 && errno != EEXIST) return -1;
    } else {
        int fd = open(inside, O_WRONLY | O_CREAT | O_CLOEXEC, 0444);
        if (fd < 0) return -1;
        close(fd);
    }
    if (mount(host, inside, NULL, MS_BIND | MS_REC, NULL) != 0) return -1;
    return set_attributes(inside, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV, AT_RECURSIVE);
}

static int build(const struct jail_options *options, char *skipped, size_t skipped_size) {
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) return -1;
    if (mount("tmpfs", NEW_ROOT, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755") != 0) return -1;
    for (int i = 0; i < options->read_only.count; i++) {
        if (expose(options->read_only.items[i], skipped, skipped_size) != 0) return -1;
    }
    if (mkdir(NEW_ROOT "/dev", 0755) != 0 && errno != EEXIST) return -1;
    int fd = open(NEW_ROOT "/dev/null", O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0) return -1;
    close(fd);
    if (mount("/dev/null", NEW_ROOT "/dev/null", NULL, MS_BIND, NULL) != 0) return -1;
    if (set_attributes(NEW_ROOT "/dev/null", MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, 0) != 0) return -1;

    char tmp_options[64];
    snprintf(tmp_options, sizeof tmp_options, "size=%llu,mode=1777", options->tmpfs_bytes);
    if (mkdir(NEW_ROOT "/tmp", 01777) != 0) return -1;
    if (mount("tmpfs", NEW_ROOT "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, tmp_options) != 0) return -1;

    if (mkdir(NEW_ROOT "/.old-root", 0700) != 0) return -1;
    if (syscall(SYS_pivot_root, NEW_ROOT, NEW_ROOT "/.old-root") != 0) return -1;
    if (chdir("/") != 0) return -1;
    if (umount2("/.old-root", MNT_DETACH) != 0) return -1;
    if (rmdir("/.old-root") != 0) return -1;
    return mount(NULL, "/", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL);
}

void jail_build_root(const struct jail_options *options, int applied, struct jail_report *report) {
    if (!(options->namespace_flags & CLONE_NEWNS)) {
        jail_report_layer(report, "mount-namespace", false, "off in the profile");
        return;
    }
    if (!(applied & CLONE_NEWNS)) return; /* already reported as refused */
    char skipped[512] = "";
    if (build(options, skipped, sizeof skipped) != 0) {
        jail_report_layer(report, "mount-namespace", false, "building the read-only root: %s", strerror(errno));
        return;
    }
    char absent[560] = "";
    if (skipped[0]) snprintf(absent, sizeof absent, " (absent here: %s)", skipped);
    jail_report_layer(report, "mount-namespace", true, "read-only root from %d host paths%s, private /tmp of %llu bytes",
                      options->read_only.count, absent, options->tmpfs_bytes);
}
