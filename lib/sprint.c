#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "sprint.h"
#include "banned.h"

int32_t
bops_sprint_next_start(int32_t today, int start_day)
{
	int wd = bops_date_weekday(today);

	return today + (start_day - wd + 7) % 7;
}

int32_t
bops_sprint_end(int32_t start, int64_t length)
{
	int64_t days = length / 86400;

	if (days < 1)
		days = 1;
	return start + (int32_t)days - 1;
}

bool
bops_sprint_overlap(int32_t a1, int32_t a2, int32_t b1, int32_t b2)
{
	return a1 <= b2 && b1 <= a2;
}

double
bops_sprint_ideal(double committed, size_t ndays, size_t i)
{
	if (ndays == 0 || i + 1 >= ndays)
		return 0;
	return committed * (double)(ndays - i - 1) / (double)ndays;
}

double
bops_sprint_mean(const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return n ? sum / (double)n : 0;
}

bool
bops_ztest(double c1, double n1, double c2, double n2, double *z, double *p)
{
	double p1, p2, pool, se;

	*z = 0;
	*p = 1;
	if (n1 <= 0 || n2 <= 0)
		return false;
	p1 = c1 / n1;
	p2 = c2 / n2;
	pool = (c1 + c2) / (n1 + n2);
	if (pool <= 0 || pool >= 1)
		return false;
	se = sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
	*z = (p1 - p2) / se;
	*p = erfc(fabs(*z) / sqrt(2));
	return true;
}

static int
cmp_rate(const void *a, const void *b)
{
	const struct bops_variant *x = a, *y = b;

	if (x->rate != y->rate)
		return x->rate < y->rate ? 1 : -1;
	if (x->reach != y->reach)
		return x->reach < y->reach ? 1 : -1;
	return strcmp(x->id, y->id);
}

void
bops_holm(double *out, const double *p, size_t m)
{
	size_t *order, i, j, k;
	double run = 0, v;

	if (m == 0)
		return;
	/* The indices by ascending p, ties in their order (insertion). */
	order = bops_calloc(m, sizeof(*order));
	for (i = 0; i < m; i++) {
		for (j = i; j > 0 && p[order[j - 1]] > p[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (k = 0; k < m; k++) {
		v = (double)(m - k) * p[order[k]];
		if (!(v < 1))
			v = 1;		/* also NaN */
		if (v > run)
			run = v;
		out[order[k]] = run;
	}
	free(order);
}

bool
bops_experiment_rank(struct bops_variant *v, size_t n)
{
	double *p;
	size_t i, m = 0;
	bool winner = true;

	for (i = 0; i < n; i++) {
		v[i].rate = v[i].reach > 0 ? v[i].conv / v[i].reach : 0;
		v[i].tested = v[i].compared = v[i].significant = false;
		v[i].z = 0;
		v[i].p = v[i].p_adj = 1;
	}
	qsort(v, n, sizeof(*v), cmp_rate);
	p = bops_calloc(n + 1, sizeof(*p));
	for (i = 1; i < n; i++) {
		if (v[i].reach <= 0)
			continue;
		v[i].compared = true;
		v[i].tested = bops_ztest(v[0].conv, v[0].reach, v[i].conv,
		    v[i].reach, &v[i].z, &v[i].p);
		p[m++] = v[i].p;
	}
	bops_holm(p, p, m);
	for (i = 1, m = 0; i < n; i++) {
		if (!v[i].compared)
			continue;
		v[i].p_adj = p[m++];
		v[i].significant = v[i].tested && v[i].z > 0 &&
		    v[i].p_adj < 0.05;
		winner = winner && v[i].significant;
	}
	free(p);
	return winner && m > 0 && n > 0 && v[0].reach > 0;
}
