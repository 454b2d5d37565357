/* SPDX-License-Identifier: MIT */
/* The --help texts of the ismsbook command and its subcommands. */
#ifndef IB_CMD_USAGE_H
#define IB_CMD_USAGE_H

extern const char usage_main[];
extern const char usage_build[];
extern const char usage_serve[];
extern const char usage_check[];
extern const char usage_controls[];
extern const char usage_init[];
extern const char usage_new[];

#endif
