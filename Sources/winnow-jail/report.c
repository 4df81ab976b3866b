#define _GNU_SOURCE
#include "report.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void jail_report_layer(struct jail_report *report, const char *name, bool active, const char *format, ...) {
    if (report->count >= JAIL_MAX_LAYERS) return;
    struct jail_layer *layer = &report->layers[report->count++];
    snprintf(layer->name, sizeof layer->name, "%s", name);
    layer->active = active;
    va_list args;
    va_start(args, format);
    vsnprintf(layer->detail, sizeof layer->detail, format, args);
    va_end(args);
}

void jail_report_fail(struct jail_report *report, const char *format, ...) {
    if (report->error[0] != '\0') return;
    va_list args;
    va_start(args, format);
    vsnprintf(report->error, sizeof report->error, format, args);
    va_end(args);
}

bool jail_report_check_required(struct jail_report *report, const char *const *required, int count) {
    for (int r = 0; r < count; r++) {
        bool active = false;
        const char *detail = "not attempted";
        for (int i = 0; i < report->count; i++) {
            if (strcmp(report->layers[i].name, required[r]) == 0) {
                active = report->layers[i].active;
                detail = report->layers[i].detail;
            }
        }
        if (!active) {
            jail_report_fail(report, "required layer %s is not active: %s", required[r], detail);
            return false;
        }
    }
    return true;
}

/* Appends text as a JSON string; details are ASCII built by this program, but escape defensively. */
static size_t put_string(char *out, size_t at, size_t size, const char *text) {
    if (at < size) out[at] = '"';
    at++;
    for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
        char escaped[8];
        int n;
        if (*c == '"' || *c == '\\') n = snprintf(escaped, sizeof escaped, "\\%c", *c);
        else if (*c < 0x20 || *c >= 0x7f) n = snprintf(escaped, sizeof escaped, "\\u%04x", *c);
        else n = snprintf(escaped, sizeof escaped, "%c", *c);
        for (int k = 0; k < n; k++, at++) if (at < size) out[at] = escaped[k];
    }
    if (at < size) out[at] = '"';
    return at + 1;
}

static size_t put_raw(char *out, size_t at, size_t size, const char *text) {
    for (; *text; text++, at++) if (at < size) out[at] = *text;
    return at;
}

bool jail_report_write(const struct jail_report *report, int fd) {
    char json[16384];
    size_t size = sizeof json, at = 0;
    at = put_raw(json, at, size, "{\"layers\":[");
    for (int i = 0; i < report->count; i++) {
        const struct jail_layer *layer = &report->layers[i];
        at = put_raw(json, at, size, i == 0 ? "{\"name\":" : ",{\"name\":");
        at = put_string(json, at, size, layer->name);
        at = put_raw(json, at, size, layer->active ? ",\"active\":true,\"detail\":" : ",\"active\":false,\"detail\":");
        at = put_string(json, at, size, layer->detail);
        at = put_raw(json, at, size, "}");
    }
    at = put_raw(json, at, size, "],\"error\":");
    at = report->error[0] ? put_string(json, at, size, report->error) : put_raw(json, at, size, "null");
    at = put_raw(json, at, size, "}");
    if (at > size) return false;

    unsigned char frame[4 + sizeof json];
    uint32_t length = (uint32_t)at;
    for (int b = 0; b < 4; b++) frame[b] = (unsigned char)(length >> (8 * b));
    memcpy(frame + 4, json, at);
    size_t total = 4 + at, written = 0;
    while (written < total) {
        ssize_t n = write(fd, frame + written, total - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        written += (size_t)n;
    }
    return true;
}
