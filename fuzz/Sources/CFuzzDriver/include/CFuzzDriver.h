#ifndef WINNOW_FUZZ_DRIVER_H
#define WINNOW_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

/* Runs libFuzzer's driver (its usual command line) on the target's LLVMFuzzerTestOneInput. */
int winnow_fuzz_main(int argc, char **argv);

#endif
