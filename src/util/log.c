#include "util/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/date.h"

static _Atomic int threshold = LOG_INFO;

static const char *const names[LOG__MAX] = {"debug", "info", "warn", "error"};

bool log_level_parse(const char *s, enum log_level *out)
{
	for (int i = 0; i < LOG__MAX; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = (enum log_level)i;
			return true;
		}
	}
	return false;
}

void log_set_level(enum log_level level)
{
	atomic_store(&threshold, (int)level);
}

bool log_enabled(enum log_level level)
{
	return (int)level >= atomic_load(&threshold);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048];
	char ts[21];
	struct timespec now;
	va_list ap;
	int n, m;

	if (!log_enabled(level))
		return;
	/* Log lines carry the real time, not the settable clock. */
	if (clock_gettime(CLOCK_REALTIME, &now) != 0)
		now.tv_sec = 0;
	ts_format((int64_t)now.tv_sec, ts);
	n = snprintf(line, sizeof(line), "%s %s ", ts, names[level]);
	if (n < 0)
		return;
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
