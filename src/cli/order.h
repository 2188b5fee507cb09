/* `tessera order`: an operator's decisions on an order, as a named user. */
#ifndef TESSERA_CLI_ORDER_H
#define TESSERA_CLI_ORDER_H

/* The help text of `tessera order` (also shown by `tessera help order`). */
extern const char cli_order_help[];

/*
 * Runs `tessera order approve|reject ORDER --as EMAIL ...` (argv[0] is
 * "order"). Returns the exit status: 0 done, 1 refused or the database
 * failed (the reason is printed), 2 a usage error.
 */
int cli_order(int argc, char **argv);

#endif
