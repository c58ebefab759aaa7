#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "lock.h"
#include "banned.h"

#define POLL_FIRST_MS 1
#define POLL_MAX_MS 50

struct bops_lock {
	int fd;
};

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	/* An interrupted sleep only makes the next poll come early. */
	nanosleep(&ts, NULL);
}

const struct bops_error *
bops_lock_acquire(struct bops_lock **out, const char *path, long timeout_ms)
{
	const struct bops_error *err = NULL;
	long start, waited, delay = POLL_FIRST_MS;
	int fd;

	*out = NULL;
	/* Never through a link: it could make or lock a file elsewhere. */
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd == -1)
		return bops_error_errno("open '%s'", path);
	start = now_ms();
	/*
	 * Poll rather than block: a blocking flock() cannot time out
	 * without a signal handler, and lib/ must not install one.
	 */
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EWOULDBLOCK) {
			err = bops_error_errno("lock '%s'", path);
			goto done;
		}
		waited = now_ms() - start;
		if (waited >= timeout_ms) {
			err = bops_error_fmt(BOPS_ERR_LOCKED,
			    "workspace is locked by another bops process "
			    "(waited %.1f s)", waited / 1000.0);
			goto done;
		}
		sleep_ms(delay < timeout_ms - waited ?
		    delay : timeout_ms - waited);
		delay *= 2;
		if (delay > POLL_MAX_MS)
			delay = POLL_MAX_MS;
	}
	*out = bops_malloc(sizeof(**out));
	(*out)->fd = fd;
	fd = -1;
done:
	if (fd != -1)
		close(fd);
	return err;
}

void
bops_lock_release(struct bops_lock *lock)
{
	if (lock == NULL)
		return;
	/* Closing the only descriptor drops the flock. */
	close(lock->fd);
	free(lock);
}
