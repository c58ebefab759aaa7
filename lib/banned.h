/*
 * banned.h: functions that are easy to misuse.  Included last by every
 * lib/ and cmd/ source file, so a use is a compile error.
 */
#ifndef BOPS_BANNED_H
#define BOPS_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef atoi
#define atoi(x) BANNED(atoi)

#endif
