/* Which isolation layers came up, reported to the host as the jail's first frame. */
#ifndef WINNOW_JAIL_REPORT_H
#define WINNOW_JAIL_REPORT_H

#include <stdbool.h>

#define JAIL_MAX_LAYERS 24

struct jail_layer {
    char name[32];
    bool active;
    char detail[200];
};

struct jail_report {
    struct jail_layer layers[JAIL_MAX_LAYERS];
    int count;
    char error[300];
};

/* Records a layer's state; the detail says why an inactive layer is off. */
void jail_report_layer(struct jail_report *report, const char *name, bool active, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

/* Sets the fatal error (only the first one is kept). */
void jail_report_fail(struct jail_report *report, const char *format, ...) __attribute__((format(printf, 2, 3)));

/* Fails the report for every required layer that is not active; returns true when all are. */
bool jail_report_check_required(struct jail_report *report, const char *const *required, int count);

/* Writes the report to fd as a frame: a 4-byte little-endian length, then JSON. */
bool jail_report_write(const struct jail_report *report, int fd);

#endif
