#include "http/offload.h"

#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

#include "util/log.h"

/*
 * One queue under one lock; the pool is static, so that the threads,
 * which never end, leave nothing allocated behind them at exit.
 */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct offload_job *head, *tail;
static int queued;
static int started; /* threads running */
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void *pool_main(void *unused)
{
	(void)unused;
	for (;;) {
		struct offload_job *j;
		pthread_mutex_lock(&lock);
		while (head == NULL)
			pthread_cond_wait(&ready, &lock);
		j = head;
		head = j->next;
		if (head == NULL)
			tail = NULL;
		queued--;
		pthread_mutex_unlock(&lock);
		j->work(j->arg);
		j->done(j, j->done_arg);
	}
	return NULL;
}

static void pool_start(void)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int n = cores < 1 ? 1 : cores > OFFLOAD_THREADS_MAX ? OFFLOAD_THREADS_MAX : (int)cores;

	for (int i = 0; i < n; i++) {
		pthread_t t;
		pthread_attr_t attr;
		if (pthread_attr_init(&attr) != 0)
			break;
		if (pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED) == 0 &&
		    pthread_create(&t, &attr, pool_main, NULL) == 0)
			started++;
		pthread_attr_destroy(&attr);
	}
	if (started == 0)
		log_error("offload: cannot start any thread");
}

bool offload_submit(struct offload_job *j)
{
	bool ok;

	if (pthread_once(&once, pool_start) != 0 || started == 0)
		return false;
	j->next = NULL;
	pthread_mutex_lock(&lock);
	ok = queued < OFFLOAD_QUEUE_MAX;
	if (ok) {
		if (tail != NULL)
			tail->next = j;
		else
			head = j;
		tail = j;
		queued++;
		pthread_cond_signal(&ready);
	}
	pthread_mutex_unlock(&lock);
	return ok;
}
