/* The CLI's stdout for a shell command, for tests that compare the
 * library's documents with the CLI's. */
#ifndef HAVEN_TESTS_CLI_OUTPUT_H
#define HAVEN_TESTS_CLI_OUTPUT_H

/* Run `command` (stderr discarded); its stdout as a new string, or NULL
 * when it cannot run, runs out of memory or exits non-zero. */
char *test_cli_output(const char *command);

#endif
