/*
 * What the fuzz targets share. A target is tests/fuzz/fuzz_<name>.c with
 * LLVMFuzzerTestOneInput; FUZZ_CHECK states a property every input must
 * keep, and stops the run (so that libFuzzer saves the input) when one
 * does not.
 */
#ifndef TESSERA_TESTS_FUZZ_H
#define TESSERA_TESTS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                      \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: property failed: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                              \
			fputc('\n', stderr);                                                       \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* The input as a NUL-terminated string of its own (malloc'd; NULs inside stay). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The input's bytes in a buffer of exactly that size, so that ASan sees any read past them. */
static inline char *fuzz_exact(const uint8_t *data, size_t size)
{
	char *s = malloc(size > 0 ? size : 1);
	if (s == NULL)
		abort();
	if (size > 0)
		memcpy(s, data, size);
	return s;
}

#endif
