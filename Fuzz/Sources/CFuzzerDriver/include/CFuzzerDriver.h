#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver, for a binary whose `main` is SwiftPM's renamed entry point.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
