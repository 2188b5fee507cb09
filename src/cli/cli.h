/* The tessera command line: one sub-command per verb, each with --help. */
#ifndef TESSERA_CLI_H
#define TESSERA_CLI_H

/* Runs the program; returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
