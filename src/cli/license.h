/* `tessera license`: the vendor's public key, and offline verification of license keys. */
#ifndef TESSERA_CLI_LICENSE_H
#define TESSERA_CLI_LICENSE_H

/* The help text of `tessera license` (also shown by `tessera help license`). */
extern const char cli_license_help[];

/*
 * Runs `tessera license SUBCOMMAND ...` (argv[0] is "license"). Returns the
 * exit status: 0 done (verify: the key is valid), 1 the key is invalid or
 * the database failed, 2 a usage error.
 */
int cli_license(int argc, char **argv);

#endif
