/* Writing one short text to a kernel control file (cgroup limits, id maps). */
#ifndef WINNOW_JAIL_FILES_H
#define WINNOW_JAIL_FILES_H

#include <stdbool.h>

/* Writes `text` to folder/file in one write; false (errno set) if any step fails. */
bool jail_write_text(const char *folder, const char *file, const char *text);

#endif
