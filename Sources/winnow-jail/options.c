#define _GNU_SOURCE
#include "options.h"

#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool append(struct jail_list *list, const char *item) {
    if (list->count >= JAIL_MAX_LIST) {
        fprintf(stderr, "winnow-jail: too many list items (limit %d)\n", JAIL_MAX_LIST);
        return false;
    }
    list->items[list->count++] = item;
    return true;
}

static bool parse_number(const char *text, unsigned long long *out) {
    char *end = NULL;
    errno = 0;
    unsigned long long value = strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-') {
        fprintf(stderr, "winnow-jail: not a number: %s\n", text);
        return false;
    }
    *out = value;
    return true;
}

static bool parse_namespaces(const char *text, int *flags) {
    static const struct { const char *name; int flag; } known[] = {
        {"user", CLONE_NEWUSER}, {"pid", CLONE_NEWPID}, {"net", CLONE_NEWNET},
        {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS}, {"mount", CLONE_NEWNS},
    };
    *flags = 0;
    char *copy = strdup(text);
    for (char *save = NULL, *name = strtok_r(copy, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
        bool found = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
            if (strcmp(known[i].name, name) == 0) { *flags |= known[i].flag; found = true; }
        }
        if (!found) {
            fprintf(stderr, "winnow-jail: unknown namespace: %s\n", name);
            free(copy);
            return false;
        }
    }
    free(copy);
    return true;
}

bool jail_parse_options(int argc, char **argv, struct jail_options *o) {
    memset(o, 0, sizeof *o);
    o->uid = 65534;
    o->gid = 65534;
    o->tmpfs_bytes = 1 << 20;
    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "--") == 0) {
            if (i + 1 >= argc) break;
            o->command = &argv[i + 1];
            return true;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "winnow-jail: %s needs a value\n", flag);
            return false;
        }
        const char *value = argv[++i];
        unsigned long long number = 0;
        bool ok = true;
        if (strcmp(flag, "--ns") == 0) ok = parse_namespaces(value, &o->namespace_flags);
        else if (strcmp(flag, "--uid") == 0) { ok = parse_number(value, &number); o->uid = (uid_t)number; }
        else if (strcmp(flag, "--gid") == 0) { ok = parse_number(value, &number); o->gid = (gid_t)number; }
        else if (strcmp(flag, "--ro") == 0) ok = append(&o->read_only, value);
        else if (strcmp(flag, "--tmpfs-bytes") == 0) ok = parse_number(value, &o->tmpfs_bytes);
        else if (strcmp(flag, "--cgroup-memory") == 0) ok = parse_number(value, &o->cgroup_memory_bytes);
        else if (strcmp(flag, "--cgroup-pids") == 0) ok = parse_number(value, &o->cgroup_pids);
        else if (strcmp(flag, "--zygote-deny") == 0) ok = append(&o->zygote_deny, value);
        else if (strcmp(flag, "--job-allow") == 0) ok = append(&o->job_allow, value);
        else if (strcmp(flag, "--job-refuse") == 0) ok = append(&o->job_refuse, value);
        else if (strcmp(flag, "--job-exec-memory") == 0) o->job_exec_memory = strcmp(value, "yes") == 0;
        else if (strcmp(flag, "--require") == 0) ok = append(&o->required, value);
        else if (strcmp(flag, "--env") == 0) ok = append(&o->environment, value);
        else {
            fprintf(stderr, "winnow-jail: unknown option %s\n", flag);
            return false;
        }
        if (!ok) return false;
    }
    fprintf(stderr, "winnow-jail: usage: winnow-jail [options] -- INTERPRETER [ARGS...]\n");
    return false;
}
