#include <math.h>

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
