/*
 * SwiftPM links every executable with `main` defined as the module's own entry point, so libFuzzer's
 * `main` is never used; each target's Swift entry point calls this instead, which hands the command
 * line to libFuzzer's driver exactly as its own `main` would.
 */
#include "CFuzzDriver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

int winnow_fuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
